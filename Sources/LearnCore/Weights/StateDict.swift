/// An ordered map from dotted parameter/buffer names to tensors, as PyTorch's `state_dict()`.
/// Names listed in `integerKeys` (BatchNorm's `num_batches_tracked`) are saved as int64.
public struct StateDict: Sequence, CustomStringConvertible {
    public private(set) var keys: [String] = []
    private var tensors: [String: Tensor] = [:]
    /// Entries stored as 64-bit integers in weight files.
    public var integerKeys: Set<String> = []

    public init() {}
    public init(_ entries: [(String, Tensor)]) { for (k, v) in entries { self[k] = v } }

    public var count: Int { keys.count }

    /// The tensor for `key`; setting nil removes it, setting a new key appends it.
    public subscript(key: String) -> Tensor? {
        get { tensors[key] }
        set {
            if let newValue {
                if tensors.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if tensors.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
                integerKeys.remove(key)
            }
        }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: Tensor)> {
        var i = 0
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (keys[i], tensors[keys[i]]!)
        }
    }

    public var description: String {
        "StateDict(\(count) entries)" + keys.prefix(20).map { "\n  \($0): \(tensors[$0]!.shape)" }.joined()
            + (count > 20 ? "\n  …" : "")
    }
}

/// Why a state dict did not load: keys the model has but the dict lacks, keys the dict has
/// but the model lacks, and keys whose shapes differ.
public struct StateDictError: Error, CustomStringConvertible, Equatable {
    public struct ShapeMismatch: Equatable {
        public let key: String, expected: [Int], found: [Int]
    }
    public let missing: [String]
    public let unexpected: [String]
    public let wrongShape: [ShapeMismatch]

    public var description: String {
        var lines = ["Error(s) in loading state dict:"]
        if !missing.isEmpty { lines.append("  Missing key(s): " + missing.map { "\"\($0)\"" }.joined(separator: ", ")) }
        if !unexpected.isEmpty { lines.append("  Unexpected key(s): " + unexpected.map { "\"\($0)\"" }.joined(separator: ", ")) }
        for m in wrongShape {
            lines.append("  size mismatch for \(m.key): copying a param with shape \(m.found) from checkpoint, the shape in current model is \(m.expected).")
        }
        return lines.joined(separator: "\n")
    }
}

extension Module {
    /// Parameters and buffers by dotted name, in PyTorch's order (each module's parameters,
    /// then its buffers, then its children). The tensors are detached copies.
    public func stateDict() -> StateDict {
        var sd = StateDict()
        for (prefix, module) in namedModules {
            for (name, t) in module.localParameters + module.localBuffers {
                let key = prefix.isEmpty ? name : prefix + "." + name
                sd[key] = t.detach()
                if name == "num_batches_tracked" { sd.integerKeys.insert(key) }
            }
        }
        return sd
    }

    /// Copies values from `stateDict` into this module's parameters and buffers by name.
    /// Strict loading fails (changing nothing) on any missing, unexpected or wrongly shaped
    /// key; non-strict loading ignores missing and unexpected keys but still refuses wrong
    /// shapes (as PyTorch). Returns the missing and unexpected keys.
    @discardableResult
    public func loadStateDict(_ stateDict: StateDict, strict: Bool = true) throws -> (missing: [String], unexpected: [String]) {
        let own = namedParameters + namedBuffers
        let ownKeys = Set(own.map { $0.0 })
        let missing = own.map { $0.0 }.filter { stateDict[$0] == nil }
        let unexpected = stateDict.keys.filter { !ownKeys.contains($0) }
        var wrongShape: [StateDictError.ShapeMismatch] = []
        for (key, t) in own {
            if let source = stateDict[key], source.shape != t.shape {
                wrongShape.append(.init(key: key, expected: t.shape, found: source.shape))
            }
        }
        if !wrongShape.isEmpty || (strict && !(missing.isEmpty && unexpected.isEmpty)) {
            throw StateDictError(missing: strict ? missing : [], unexpected: strict ? unexpected : [], wrongShape: wrongShape)
        }
        for (key, t) in own { if let source = stateDict[key] { t.data = source.data } }
        return (missing, unexpected)
    }
}
