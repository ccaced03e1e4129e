/// An n-dimensional array of Float32 values that can take part in automatic differentiation.
///
/// `Tensor` is a class so that each tensor is one node of the autograd graph (like a
/// PyTorch tensor), but its API is value-like: every operation returns a new tensor, and
/// the element storage is a copy-on-write `[Float]`, so two tensors never observe each
/// other's changes. Only optimisers and initialisers change a tensor's values in place.
///
/// Class labels and indices use `IntTensor`, a small value type of `Int`s.
public final class Tensor {
    /// Sizes along each axis; `[]` for a scalar.
    public let shape: [Int]
    /// Row-major (C-order) elements; `data.count == shape.product`.
    var data: [Float]
    /// Whether gradients with respect to this tensor are computed by `backward()`.
    public var requiresGrad: Bool
    /// The gradient accumulated by `backward()`, for leaves that require it.
    public var grad: Tensor?

    // Autograd graph: the inputs of the operation that made this tensor, and a closure that
    // receives this tensor's gradient and adds the inputs' gradients to them.
    var parents: [Tensor] = []
    var backwardFn: (([Float]) -> Void)?

    init(shape: [Int], data: [Float], requiresGrad: Bool = false) {
        require(shape.allSatisfy { $0 >= 0 }, "negative size in shape \(shape)")
        require(data.count == shape.reduce(1, *),
                     "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(data.count)")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        _ = MemoryTuning.applied
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    public convenience init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) {
        self.init(shape: shape, data: scalars, requiresGrad: requiresGrad)
    }

    /// A one-dimensional tensor.
    public convenience init(_ array: [Float], requiresGrad: Bool = false) {
        self.init(shape: [array.count], data: array, requiresGrad: requiresGrad)
    }

    /// A two-dimensional tensor from rows of equal length.
    public convenience init(_ rows: [[Float]], requiresGrad: Bool = false) {
        let columns = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.init(shape: [rows.count, columns], data: rows.flatMap { $0 }, requiresGrad: requiresGrad)
    }

    /// A scalar (zero-dimensional) tensor.
    public convenience init(_ scalar: Float, requiresGrad: Bool = false) {
        self.init(shape: [], data: [scalar], requiresGrad: requiresGrad)
    }

    /// Integer labels as floats, same shape.
    public convenience init(_ labels: IntTensor) {
        self.init(shape: labels.shape, data: labels.scalars.map { Float($0) })
    }

    /// The elements in row-major order.
    public var scalars: [Float] { data }
    /// Number of elements.
    public var count: Int { data.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// The only element of a one-element tensor (like PyTorch's `item()`).
    public var item: Float {
        require(data.count == 1, "item needs a tensor of one element, shape is \(shape)")
        return data[0]
    }
    /// Size along `axis` (negative counts from the end).
    public func size(_ axis: Int) -> Int { shape[normalizeAxis(axis, rank)] }
    /// True when made by an operation that tracks gradients (not a leaf).
    public var isLeaf: Bool { backwardFn == nil }

    /// The same values, cut from the graph: no gradient flows through it.
    public func detach() -> Tensor { Tensor(shape: shape, data: data) }

    /// Sets `grad` to nil (as PyTorch's `zero_grad(set_to_none=True)`).
    public func zeroGrad() { grad = nil }

    /// Replaces the values in place (shape must match), outside the autograd graph.
    /// Optimisers, initialisers and weight loading use it.
    public func assign(_ scalars: [Float]) {
        require(scalars.count == data.count, "assign: \(scalars.count) scalars for shape \(shape)")
        data = scalars
    }

    /// Replaces the values in place with those of `other` (same number of elements).
    public func assign(_ other: Tensor) { assign(other.data) }
}

@inline(__always) func normalizeAxis(_ axis: Int, _ rank: Int) -> Int {
    let a = axis < 0 ? axis + rank : axis
    require(a >= 0 && a < max(rank, 1), "axis \(axis) out of range for rank \(rank)")
    return a
}

extension Array where Element == Int {
    var product: Int { reduce(1, *) }
}

/// Integer tensor, used for class labels, indices and `argmax` results.
public struct IntTensor: Equatable, Hashable, CustomStringConvertible, DisplayRepresentable {
    public let shape: [Int]
    public var scalars: [Int]

    public init(shape: [Int], scalars: [Int]) {
        require(scalars.count == shape.reduce(1, *),
                     "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }
    public init(_ array: [Int]) { self.init(shape: [array.count], scalars: array) }
    public init(_ scalar: Int) { self.init(shape: [], scalars: [scalar]) }

    public var count: Int { scalars.count }
    public var rank: Int { shape.count }
    public var item: Int {
        require(scalars.count == 1, "item needs a tensor of one element, shape is \(shape)")
        return scalars[0]
    }
    /// The labels as a Float tensor.
    public func float() -> Tensor { Tensor(self) }

    public func reshaped(_ newShape: [Int]) -> IntTensor {
        IntTensor(shape: resolveShape(newShape, count: scalars.count), scalars: scalars)
    }
    /// Element-wise equality as 0/1 floats, e.g. `(predictions .== labels).mean()`.
    public static func .== (a: IntTensor, b: IntTensor) -> Tensor {
        require(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
        return Tensor(shape: a.shape, data: zip(a.scalars, b.scalars).map { $0 == $1 ? 1 : 0 })
    }
    /// Entries `indices` along the first axis.
    public subscript(indices: [Int]) -> IntTensor {
        let inner = shape.dropFirst().reduce(1, *)
        var out: [Int] = []
        out.reserveCapacity(indices.count * inner)
        for i in indices { out += scalars[(i * inner)..<((i + 1) * inner)] }
        return IntTensor(shape: [indices.count] + shape.dropFirst(), scalars: out)
    }

    /// Joins along the first axis (shapes must agree beyond it).
    public static func cat(_ parts: [IntTensor]) -> IntTensor {
        require(!parts.isEmpty, "cat needs at least one tensor")
        let rest = Array(parts[0].shape.dropFirst())
        require(parts.allSatisfy { Array($0.shape.dropFirst()) == rest }, "cat: shapes \(parts.map { $0.shape }) differ beyond the first axis")
        return IntTensor(shape: [parts.map { $0.shape.first ?? 1 }.reduce(0, +)] + rest, scalars: parts.flatMap { $0.scalars })
    }
    /// Stacks equally shaped tensors along a new first axis (labels of a batch).
    public static func stack(_ parts: [IntTensor]) -> IntTensor {
        require(parts.allSatisfy { $0.shape == parts.first?.shape }, "stack: shapes differ")
        return IntTensor(shape: [parts.count] + (parts.first?.shape ?? []), scalars: parts.flatMap { $0.scalars })
    }

    public var description: String {
        TensorFormatter.describe(shape: shape, values: scalars.map(Double.init), integral: true, suffix: "")
    }
    public var mimeBundle: MIMEBundle { .plain(description) }
}

/// Resolves one `-1` in a shape from the element count.
func resolveShape(_ shape: [Int], count: Int) -> [Int] {
    guard let hole = shape.firstIndex(of: -1) else {
        require(shape.product == count, "cannot reshape \(count) elements to \(shape)")
        return shape
    }
    var s = shape
    s[hole] = 1
    let known = s.product
    require(known > 0 && count % known == 0, "cannot reshape \(count) elements to \(shape)")
    s[hole] = count / known
    return s
}

