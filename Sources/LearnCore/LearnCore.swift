// LearnCore: tensors, autograd, layers, optimisers, ResNet18 and weights files — the
// deep-learning core that every notebook cell sees (through the `Learn` umbrella).
//
//   Tensors     Tensor (Float32, autograd node), IntTensor (labels, indices)
//               Tensor(shape:scalars:), Tensor([Float]), Tensor([[Float]]), Tensor(Float)
//               .zeros/.ones/.full/.eye/.arange/.linspace/.rand/.randn/.uniform/.normal
//               manualSeed(_:), randperm(_:), randint(_:_:shape:)
//   Shapes      reshape/view/flatten/unsqueeze/squeeze, permute/transpose/T, slice(axis:_:),
//               select(axis:_:), x[i], x[i, j], x[a..<b], x[IntTensor], indexSelect, gather,
//               expand, Tensor.cat, Tensor.stack
//   Math        + − * / (broadcasting, also with Float), maximum/minimum, .> .< .>= .<= .== .!=,
//               exp/log/sqrt/abs/pow/square/sin/cos/clamp, relu/leakyRelu/sigmoid/tanh,
//               softmax/logSoftmax, sum/mean/variance/max/min/argmax/argmin (over axes),
//               matmul (•), Tensor.linear, Tensor.conv2d, Tensor.maxPool2d/avgPool2d/
//               adaptiveAvgPool2d, Tensor.batchNorm
//   Autograd    requiresGrad, backward(), grad, zeroGrad(), detach(), noGrad { }
//   Layers      Module (parameters, namedParameters, namedBuffers, train/eval, freeze/unfreeze,
//               stateDict/loadStateDict/load/save), Linear, Conv2d, BatchNorm1d/2d, ReLU,
//               LeakyReLU, Sigmoid, Tanh, Softmax, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d,
//               Flatten, Identity, Dropout, Sequential, ResNet18, BasicBlock; Init.*
//   Losses      crossEntropy, nllLoss, mse, binaryCrossEntropy, binaryCrossEntropyWithLogits
//   Optimisers  SGD (momentum, dampening, Nesterov, weight decay), Adam, AdamW; StepLR,
//               CosineAnnealingLR
//   Weights     StateDict, Safetensors.read/write, TorchCheckpoint.read, readWeights
@_exported import NotebookDisplay
