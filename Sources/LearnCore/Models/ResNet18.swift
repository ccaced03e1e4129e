/// torchvision's BasicBlock: conv3×3 (carries the stride) → bn → ReLU → conv3×3 → bn,
/// plus the shortcut (`downsample`: 1×1 conv with the stride and bn, when the shape changes),
/// then ReLU.
public final class BasicBlock: Module {
    public var conv1: Conv2d
    public var bn1: BatchNorm2d
    public var relu = ReLU()
    public var conv2: Conv2d
    public var bn2: BatchNorm2d
    public var downsample: Sequential?

    public init(_ inPlanes: Int, _ planes: Int, stride: Int = 1) {
        conv1 = Conv2d(inPlanes, planes, kernelSize: 3, stride: stride, padding: 1, bias: false)
        bn1 = BatchNorm2d(planes)
        conv2 = Conv2d(planes, planes, kernelSize: 3, stride: 1, padding: 1, bias: false)
        bn2 = BatchNorm2d(planes)
        if stride != 1 || inPlanes != planes {
            downsample = Sequential(Conv2d(inPlanes, planes, kernelSize: 1, stride: stride, bias: false),
                                    BatchNorm2d(planes))
        }
        super.init()
    }

    public override func forward(_ x: Tensor) -> Tensor {
        let out = bn2(conv2(relu(bn1(conv1(x)))))
        let identity = downsample.map { $0(x) } ?? x
        return (out + identity).relu()
    }
}

/// ResNet-18 exactly as torchvision builds it, so torchvision's state dict loads by name
/// (`conv1.weight`, `bn1.running_mean`, `layer2.0.downsample.0.weight`, `fc.weight`, …).
/// Input [N, 3, H, W]; output [N, classes]. `fc` can be replaced for a new head.
public final class ResNet18: Module {
    public var conv1 = Conv2d(3, 64, kernelSize: 7, stride: 2, padding: 3, bias: false)
    public var bn1 = BatchNorm2d(64)
    public var relu = ReLU()
    public var maxpool = MaxPool2d(kernelSize: 3, stride: 2, padding: 1)
    public var layer1: Sequential
    public var layer2: Sequential
    public var layer3: Sequential
    public var layer4: Sequential
    public var avgpool = AdaptiveAvgPool2d(1)
    public var fc: Linear

    public init(classes: Int = 1000) {
        layer1 = Sequential(BasicBlock(64, 64), BasicBlock(64, 64))
        layer2 = Sequential(BasicBlock(64, 128, stride: 2), BasicBlock(128, 128))
        layer3 = Sequential(BasicBlock(128, 256, stride: 2), BasicBlock(256, 256))
        layer4 = Sequential(BasicBlock(256, 512, stride: 2), BasicBlock(512, 512))
        fc = Linear(512, classes)
        super.init()
        // torchvision's initialisation: Kaiming normal (fan out, ReLU) for convolutions,
        // weight 1 and bias 0 for batch norms; Linear keeps its default.
        for (_, m) in namedModules {
            if let conv = m as? Conv2d { Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu) }
        }
    }

    /// The 512 pooled features before `fc`.
    public func features(_ x: Tensor) -> Tensor {
        var h = maxpool(relu(bn1(conv1(x))))
        h = layer4(layer3(layer2(layer1(h))))
        return avgpool(h).flatten(startAxis: 1)
    }

    public override func forward(_ x: Tensor) -> Tensor { fc(features(x)) }
}
