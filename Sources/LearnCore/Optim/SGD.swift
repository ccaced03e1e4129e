/// Stochastic gradient descent with PyTorch's update rule:
///   d = g + weightDecay·p;  b = momentum·b + (1 − dampening)·d  (b = d on the first step);
///   d = nesterov ? d + momentum·b : b;  p −= lr·d.
/// Frozen parameters (`requiresGrad == false`) are not touched, weight decay included.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var lr: Float
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var nesterov: Bool
    private var buffers: [ObjectIdentifier: [Float]] = [:]

    public init(_ parameters: [Tensor], lr: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        require(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum needs momentum > 0 and no dampening")
        self.parameters = parameters
        (self.lr, self.momentum, self.dampening, self.weightDecay, self.nesterov) = (lr, momentum, dampening, weightDecay, nesterov)
    }

    public func step() {
        for (p, grad) in trainable() {
            let n = p.count
            var d = grad.data
            if weightDecay != 0 { for i in 0..<n { d[i] += weightDecay * p.data[i] } }
            if momentum != 0 {
                let key = ObjectIdentifier(p)
                if var b = buffers[key] {
                    buffers[key] = nil  // keep the buffer uniquely referenced for in-place update
                    for i in 0..<n { b[i] = momentum * b[i] + (1 - dampening) * d[i] }
                    if nesterov { for i in 0..<n { d[i] += momentum * b[i] } } else { d = b }
                    buffers[key] = b
                } else {
                    buffers[key] = d
                    if nesterov { for i in 0..<n { d[i] += momentum * d[i] } }
                }
            }
            let lr = self.lr
            p.data.withUnsafeMutableBufferPointer { pp in for i in 0..<n { pp[i] -= lr * d[i] } }
        }
    }
}
