/// PyTorch's zip checkpoint (`torch.save` since 1.6): `<prefix>/data.pkl` holds the pickled
/// object; each tensor is `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)`
/// with storages as persistent ids `('storage', torch.FloatStorage, key, 'cpu', numel)` whose
/// bytes are the entry `<prefix>/data/<key>`.
public enum TorchCheckpoint {
    /// Reads the state dict saved in a `.pth` file. If the file holds a dict with a
    /// `state_dict` or `model` entry (a training checkpoint), that entry is read.
    public static func read(_ path: String) throws -> StateDict {
        try decode(try readBytes(path))
    }

    public static func decode(_ bytes: [UInt8]) throws -> StateDict {
        let zip = try ZipArchive(bytes)
        guard let pickleName = zip.names.first(where: { $0 == "data.pkl" || $0.hasSuffix("/data.pkl") }),
              let pickle = zip.entries[pickleName] else {
            throw WeightsError.corrupt("no data.pkl in the zip: not a PyTorch checkpoint")
        }
        let prefix = String(pickleName.dropLast("data.pkl".count))
        var machine = PickleMachine(bytes[pickle.dataOffset..<(pickle.dataOffset + pickle.size)])
        var root = try machine.run()
        // Unwrap OrderedDict() calls and training checkpoints.
        root = asDict(root).flatMap { d in
            d.items.first { $0.0.string == "state_dict" || $0.0.string == "model" }.map { $0.1 }
        } ?? root
        guard let dict = asDict(root) else { throw WeightsError.unsupported("checkpoint does not hold a dict of tensors") }
        var sd = StateDict()
        for (k, v) in dict.items {
            guard let key = k.string else { throw WeightsError.corrupt("state dict key is not a string") }
            guard let (tensor, integral) = try rebuildTensor(v, zip: zip, prefix: prefix, key: key) else { continue }
            sd[key] = tensor
            if integral { sd.integerKeys.insert(key) }
        }
        return sd
    }

    static func asDict(_ v: PickleValue) -> PickleDict? {
        if case .dict(let d) = v { return d }
        return nil
    }

    static func rebuildTensor(_ v: PickleValue, zip: ZipArchive, prefix: String, key: String) throws -> (Tensor, Bool)? {
        guard case .call(let callable, let args) = v, case .global(let module, let name) = callable else { return nil }
        switch (module, name) {
        case ("torch._utils", "_rebuild_parameter"), ("torch._utils", "_rebuild_parameter_with_state"):
            guard let inner = args.first else { throw WeightsError.corrupt("\(key): parameter without tensor") }
            return try rebuildTensor(inner, zip: zip, prefix: prefix, key: key)
        case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
            guard args.count >= 4, case .persistent(let pid) = args[0], let pidItems = pid.tuple, pidItems.count >= 3,
                  case .global(_, let storageType) = pidItems[1], let storageKey = pidItems[2].string,
                  let offset = args[1].int, let size = args[2].tuple?.compactMap({ $0.int }),
                  let strides = args[3].tuple?.compactMap({ $0.int }), size.count == strides.count else {
                throw WeightsError.corrupt("\(key): unexpected tensor record")
            }
            guard let dtype = storageDType(storageType) else { throw WeightsError.unsupported("\(key): storage type \(storageType)") }
            guard let entry = zip.entries[prefix + "data/" + storageKey] else {
                throw WeightsError.corrupt("\(key): storage data/\(storageKey) missing from the zip")
            }
            guard entry.size <= zip.bytes.count - entry.dataOffset else {
                throw WeightsError.truncated("\(key): storage data/\(storageKey) runs past the end of the file")
            }
            // Bounds are checked against this storage alone, not the rest of the zip.
            let storage = Array(zip.bytes[entry.dataOffset..<(entry.dataOffset + entry.size)])
            let values = try gatherElements(storage, base: 0, dtype: dtype, shape: size, strides: strides,
                                            offset: offset, what: key)
            return (Tensor(shape: size, data: values), [.i64, .i32, .i16, .i8, .u8].contains(dtype))
        default:
            return nil
        }
    }

    static func storageDType(_ name: String) -> StoredDType? {
        switch name {
        case "FloatStorage": return .f32
        case "DoubleStorage": return .f64
        case "HalfStorage": return .f16
        case "BFloat16Storage": return .bf16
        case "LongStorage": return .i64
        case "IntStorage": return .i32
        case "ShortStorage": return .i16
        case "CharStorage": return .i8
        case "ByteStorage": return .u8
        case "BoolStorage": return .bool
        default: return nil
        }
    }
}

extension Module {
    /// Loads weights by name from a safetensors file or a PyTorch `.pth` zip (detected from
    /// the file's first bytes). See `loadStateDict(_:strict:)` for what strict means.
    @discardableResult
    public func load(_ path: String, strict: Bool = true) throws -> (missing: [String], unexpected: [String]) {
        try loadStateDict(try readWeights(path), strict: strict)
    }

    /// Saves parameters and buffers as safetensors (atomically).
    public func save(_ path: String) throws {
        try Safetensors.write(stateDict(), to: path)
    }
}

/// Reads a state dict from a safetensors or PyTorch zip file.
public func readWeights(_ path: String) throws -> StateDict {
    let bytes = try readBytes(path)
    if bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B { return try TorchCheckpoint.decode(bytes) }
    if bytes.count >= 9 && bytes[8] == 0x7B { return try Safetensors.decode(bytes) }  // '{' opens the JSON header
    if bytes.count >= 2 && bytes[0] == 0x80 && bytes[1] <= 5 {
        throw WeightsError.unsupported("\(path) is in PyTorch's legacy (pre-1.6) format; re-save it with torch.save in a current PyTorch")
    }
    if bytes.count < 9 { throw WeightsError.truncated("\(path) has only \(bytes.count) bytes") }
    throw WeightsError.unknownFormat(path: path)
}
