/// Element types found in weight files, all converted to Float32 on load.
enum StoredDType: String {
    case f32 = "F32", f64 = "F64", f16 = "F16", bf16 = "BF16", i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    var size: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// Decodes `count` little-endian elements starting at `offset` with element `strides`
    /// (row-major gather over `shape`); caller checks bounds.
    func decode(_ b: [UInt8], base: Int, index: Int) -> Float {
        let o = base + index * size
        func u(_ n: Int) -> UInt64 { var v: UInt64 = 0; for i in 0..<n { v |= UInt64(b[o + i]) << (8 * UInt64(i)) }; return v }
        switch self {
        case .f32: return Float(bitPattern: UInt32(u(4)))
        case .f64: return Float(Double(bitPattern: u(8)))
        case .f16: return halfToFloat(UInt16(u(2)))
        case .bf16: return Float(bitPattern: UInt32(u(2)) << 16)
        case .i64: return Float(Int64(bitPattern: u(8)))
        case .i32: return Float(Int32(bitPattern: UInt32(u(4))))
        case .i16: return Float(Int16(bitPattern: UInt16(u(2))))
        case .i8: return Float(Int8(bitPattern: b[o]))
        case .u8: return Float(b[o])
        case .bool: return b[o] != 0 ? 1 : 0
        }
    }
}

func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31
    let exp = Int((h >> 10) & 0x1F), mant = UInt32(h & 0x3FF)
    if exp == 0 {
        let v = Float(mant) * 0x1p-24
        return sign != 0 ? -v : v
    }
    if exp == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mant << 13)) }
    return Float(bitPattern: sign | UInt32(exp - 15 + 127) << 23 | (mant << 13))
}

/// The number of elements of `shape`, or an error for negative sizes and absurd products
/// (a corrupt header must not make the reader trap on overflow).
func checkedCount(_ shape: [Int], _ what: String) throws -> Int {
    var n = 1
    for d in shape {
        guard d >= 0 else { throw WeightsError.corrupt("\(what) has a negative size in shape \(shape)") }
        let (p, overflow) = n.multipliedReportingOverflow(by: d)
        guard !overflow, p <= 1 << 40 else { throw WeightsError.corrupt("\(what) has an impossible shape \(shape)") }
        n = p
    }
    return n
}

/// Reads a tensor of `shape` with element `strides` from `bytes` (storage starting at byte
/// `base`) at element `offset`, checking every bound first.
func gatherElements(_ bytes: [UInt8], base: Int, dtype: StoredDType, shape: [Int], strides: [Int], offset: Int,
                    what: String) throws -> [Float] {
    guard shape.count == strides.count else { throw WeightsError.corrupt("\(what): \(shape.count) sizes but \(strides.count) strides") }
    let n = try checkedCount(shape, what)
    if n == 0 { return [] }
    guard offset >= 0, strides.allSatisfy({ $0 >= 0 && $0 <= 1 << 40 }), offset <= 1 << 40 else {
        throw WeightsError.corrupt("\(what): negative or impossible offset or stride")
    }
    // The furthest element the view touches must lie inside the storage.
    var maxIndex = offset
    for (d, st) in zip(shape, strides) {
        let (term, o1) = (d - 1).multipliedReportingOverflow(by: st)
        let (sum, o2) = maxIndex.addingReportingOverflow(term)
        guard !o1, !o2, sum <= 1 << 40 else { throw WeightsError.corrupt("\(what): impossible strides \(strides)") }
        maxIndex = sum
    }
    guard base >= 0, base + (maxIndex + 1) * dtype.size <= bytes.count else {
        throw WeightsError.truncated("\(what) needs \(maxIndex + 1) elements of \(dtype.rawValue) beyond what the file holds")
    }
    let contiguous = strides == rowMajorStrides(shape)
    if contiguous && dtype == .f32 {
        return [Float](unsafeUninitializedCapacity: n) { buf, k in
            bytes.withUnsafeBytes { raw in
                let src = raw.baseAddress! + base + offset * 4
                _ = memcpy(buf.baseAddress!, src, n * 4)
            }
            k = n
        }
    }
    var out = [Float](repeating: 0, count: n)
    var index = [Int](repeating: 0, count: shape.count)
    for i in 0..<n {
        var e = offset
        for a in 0..<shape.count { e += index[a] * strides[a] }
        out[i] = dtype.decode(bytes, base: base, index: e)
        var a = shape.count - 1
        while a >= 0 { index[a] += 1; if index[a] < shape[a] { break }; index[a] = 0; a -= 1 }
    }
    return out
}

func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var s = [Int](repeating: 1, count: shape.count)
    if shape.count > 1 { for i in stride(from: shape.count - 2, through: 0, by: -1) { s[i] = s[i + 1] * shape[i + 1] } }
    return s
}

import Foundation
