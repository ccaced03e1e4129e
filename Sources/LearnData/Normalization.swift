// Per-channel statistics for `Transform.normalize`, from public sources.

/// ImageNet's per-channel mean and standard deviation (RGB), as torchvision's models expect.
public let imagenetMean: [Float] = [0.485, 0.456, 0.406]
public let imagenetStd: [Float] = [0.229, 0.224, 0.225]
/// CIFAR-10's per-channel mean and standard deviation (RGB) over the training set.
public let cifar10Mean: [Float] = [0.4914, 0.4822, 0.4465]
public let cifar10Std: [Float] = [0.2470, 0.2435, 0.2616]
