// Reverse-mode autograd in the style of micrograd: every tensor made by an operation on
// tensors that require gradients remembers its inputs (`parents`) and a closure that takes
// its own gradient and adds each input's share to that input. `backward()` orders the graph
// topologically and runs the closures from the output back to the leaves.

/// Whether operations record the graph. `noGrad { }` turns it off for a scope.
public private(set) var isGradEnabled = true

/// Runs `body` without recording operations for autograd (like `torch.no_grad()`).
@discardableResult
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    let saved = isGradEnabled
    isGradEnabled = false
    defer { isGradEnabled = saved }
    return try body()
}

extension Tensor {
    /// True when an operation on `inputs` must record itself in the graph.
    @inline(__always) static func tracks(_ inputs: [Tensor]) -> Bool {
        isGradEnabled && inputs.contains { $0.requiresGrad }
    }

    /// The result of an operation: records `backward` (which receives the result's gradient)
    /// only if some input requires a gradient and grad mode is on.
    static func result(shape: [Int], data: [Float], inputs: [Tensor],
                       backward: @escaping ([Float]) -> Void) -> Tensor {
        let out = Tensor(shape: shape, data: data)
        if tracks(inputs) {
            out.requiresGrad = true
            out.parents = inputs.filter { $0.requiresGrad }
            out.backwardFn = backward
        }
        return out
    }

    /// Adds `g` (same element count) to this tensor's gradient, if it requires one.
    func accumulateGrad(_ g: [Float]) {
        guard requiresGrad else { return }
        if let existing = grad {
            existing.data.withUnsafeMutableBufferPointer { d in
                g.withUnsafeBufferPointer { s in
                    let (db, sb) = (d.baseAddress!, s.baseAddress!)
                    parallelFor(d.count) { r in for i in r { db[i] += sb[i] } }
                }
            }
        } else {
            grad = Tensor(shape: shape, data: g)
        }
    }

    /// Computes the gradient of this tensor with respect to every leaf that requires one,
    /// adding into their `grad`. A non-scalar tensor needs `gradient` (same shape).
    /// The graph is released afterwards, as PyTorch does without `retain_graph`.
    public func backward(_ gradient: Tensor? = nil) {
        require(requiresGrad, "backward() on a tensor that does not require grad")
        let seed: [Float]
        if let gradient {
            require(gradient.count == count, "gradient shape \(gradient.shape) for tensor of shape \(shape)")
            seed = gradient.data
        } else {
            require(count == 1, "backward() without a gradient needs a one-element tensor, shape is \(shape)")
            seed = [1]
        }
        // Topological order by iterative depth-first search (deep nets overflow recursion).
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            if next < node.parents.count {
                stack.append((node, next + 1))
                let parent = node.parents[next]
                if visited.insert(ObjectIdentifier(parent)).inserted { stack.append((parent, 0)) }
            } else {
                order.append(node)
            }
        }
        accumulateGrad(seed)
        for node in order.reversed() {
            guard let fn = node.backwardFn else { continue }
            if let g = node.grad { fn(g.data) }
            node.backwardFn = nil
            node.parents = []
            node.grad = nil  // gradients of intermediate results are not kept
        }
    }
}
