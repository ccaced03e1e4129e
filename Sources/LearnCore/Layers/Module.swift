/// A layer or model, like `torch.nn.Module`: a reference type holding parameters, buffers
/// and child modules, with a train/eval mode.
///
/// Children are found by reflection over stored properties, in declaration order, so a
/// subclass only declares them: `var conv1: Conv2d` becomes the child `conv1`, an optional
/// child is skipped while nil, and an array of modules `blocks` gives `blocks.0`, `blocks.1`, ….
/// Names therefore follow the Swift property names; spell them as PyTorch does
/// (`running_mean`, `layer1`, `downsample`) where files must load by name.
open class Module {
    /// True in training mode (the default), false after `eval()`.
    public private(set) var isTraining = true

    public init() {}

    /// This module's own parameters (not its children's), in PyTorch's order.
    open var localParameters: [(String, Tensor)] { [] }
    /// This module's own buffers (state that is saved but not trained, like running statistics).
    open var localBuffers: [(String, Tensor)] { [] }

    /// Direct children with their names. The default reflects over stored properties.
    open var children: [(String, Module)] {
        var result: [(String, Module)] = []
        var mirrors: [Mirror] = []
        var m: Mirror? = Mirror(reflecting: self)
        while let mirror = m, mirror.subjectType != Module.self { mirrors.append(mirror); m = mirror.superclassMirror }
        for mirror in mirrors.reversed() {
            for child in mirror.children {
                guard let label = child.label, !label.hasPrefix("_") else { continue }
                if let module = child.value as? Module {
                    result.append((label, module))
                } else if let modules = child.value as? [Module] {
                    for (i, module) in modules.enumerated() { result.append(("\(label).\(i)", module)) }
                }
            }
        }
        return result
    }

    /// Settings shown between the parentheses when the module prints (PyTorch's `extra_repr`).
    open var extraDescription: String { "" }

    /// Computes the output. Subclasses override it.
    open func forward(_ x: Tensor) -> Tensor {
        preconditionFailure("\(type(of: self)) does not override forward(_:)")
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x) }

    /// This module and all descendants with dotted names ("" for this one).
    public var namedModules: [(String, Module)] {
        var result: [(String, Module)] = [("", self)]
        for (name, child) in children {
            result += child.namedModules.map { ($0.0.isEmpty ? name : name + "." + $0.0, $0.1) }
        }
        return result
    }

    /// Every parameter with its dotted name (`layer1.0.conv1.weight`), in PyTorch's order.
    public var namedParameters: [(String, Tensor)] {
        namedModules.flatMap { prefix, module in
            module.localParameters.map { (prefix.isEmpty ? $0.0 : prefix + "." + $0.0, $0.1) }
        }
    }
    /// Every parameter, for an optimiser.
    public var parameters: [Tensor] { namedParameters.map { $0.1 } }

    /// Every buffer with its dotted name.
    public var namedBuffers: [(String, Tensor)] {
        namedModules.flatMap { prefix, module in
            module.localBuffers.map { (prefix.isEmpty ? $0.0 : prefix + "." + $0.0, $0.1) }
        }
    }

    /// Training mode (dropout active, batch norm uses and updates batch statistics).
    public func train(_ on: Bool = true) {
        for (_, m) in namedModules { m.isTraining = on }
    }
    /// Evaluation mode: dropout off, batch norm uses (and no longer updates) running statistics.
    public func eval() { train(false) }

    /// Stops training of every parameter: no gradient is computed for them and optimisers
    /// (weight decay included) leave them untouched. Batch norm statistics still move in
    /// training mode, as in PyTorch; call `eval()` on the frozen part to hold them.
    public func freeze() { for p in parameters { p.requiresGrad = false; p.grad = nil } }
    /// Makes every parameter trainable again.
    public func unfreeze() { for p in parameters { p.requiresGrad = true } }

    /// Clears the gradients of every parameter.
    public func zeroGrad() { for p in parameters { p.grad = nil } }

    /// Number of scalars in trainable parameters.
    public var trainableParameterCount: Int { parameters.filter { $0.requiresGrad }.map { $0.count }.reduce(0, +) }
}
