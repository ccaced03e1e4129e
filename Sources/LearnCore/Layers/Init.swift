import Foundation

/// Initialisers that fill a tensor in place (PyTorch's `torch.nn.init`), drawing from the
/// global seeded generator. Fans: fanIn = shape[1]·receptive field, fanOut = shape[0]·receptive.
public enum Init {
    public enum FanMode { case fanIn, fanOut }
    public enum Nonlinearity { case linear, relu, leakyRelu(Float), tanh, sigmoid }

    public static func gain(_ nonlinearity: Nonlinearity) -> Float {
        switch nonlinearity {
        case .linear, .sigmoid: return 1
        case .relu: return Float(2).squareRoot()
        case .leakyRelu(let a): return (2 / (1 + a * a)).squareRoot()
        case .tanh: return 5 / 3
        }
    }

    public static func fans(_ t: Tensor) -> (fanIn: Int, fanOut: Int) {
        require(t.rank >= 2, "fan in and fan out need at least 2 dimensions, shape is \(t.shape)")
        let receptive = t.shape[2...].reduce(1, *)
        return (t.shape[1] * receptive, t.shape[0] * receptive)
    }

    public static func zeros(_ t: Tensor) { constant(t, 0) }
    public static func ones(_ t: Tensor) { constant(t, 1) }
    public static func constant(_ t: Tensor, _ value: Float) {
        t.data = [Float](repeating: value, count: t.count)
    }
    public static func uniform(_ t: Tensor, low: Float = 0, high: Float = 1) {
        t.data = Tensor.uniform(t.shape, low: low, high: high).data
    }
    public static func normal(_ t: Tensor, mean: Float = 0, std: Float = 1) {
        t.data = Tensor.normal(t.shape, mean: mean, std: std).data
    }
    /// U(−b, b) with b = gain·√(3/fan).
    public static func kaimingUniform(_ t: Tensor, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyRelu(0)) {
        let f = fans(t), fan = Float(mode == .fanIn ? f.fanIn : f.fanOut)
        let bound = gain(nonlinearity) * (3 / fan).squareRoot()
        uniform(t, low: -bound, high: bound)
    }
    /// N(0, σ²) with σ = gain/√fan.
    public static func kaimingNormal(_ t: Tensor, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyRelu(0)) {
        let f = fans(t), fan = Float(mode == .fanIn ? f.fanIn : f.fanOut)
        normal(t, mean: 0, std: gain(nonlinearity) / fan.squareRoot())
    }
    /// U(−b, b) with b = gain·√(6/(fanIn + fanOut)).
    public static func xavierUniform(_ t: Tensor, gain g: Float = 1) {
        let f = fans(t)
        let bound = g * (6 / Float(f.fanIn + f.fanOut)).squareRoot()
        uniform(t, low: -bound, high: bound)
    }
    /// N(0, σ²) with σ = gain·√(2/(fanIn + fanOut)).
    public static func xavierNormal(_ t: Tensor, gain g: Float = 1) {
        let f = fans(t)
        normal(t, mean: 0, std: g * (2 / Float(f.fanIn + f.fanOut)).squareRoot())
    }
}
