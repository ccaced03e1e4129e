/// The subset of Python's pickle that `torch.save(state_dict)` produces: containers,
/// numbers, strings, globals, REDUCE/BUILD, memo and persistent ids. Nothing is executed:
/// calls are recorded as values for the caller to interpret.
final class PickleList { var items: [PickleValue] = [] }
final class PickleDict { var items: [(PickleValue, PickleValue)] = [] }

indirect enum PickleValue {
    case none, bool(Bool), int(Int), float(Double), string(String), bytes([UInt8])
    case tuple([PickleValue]), list(PickleList), dict(PickleDict)
    case global(module: String, name: String)
    /// `callable(*args)` as REDUCE or NEWOBJ recorded it, with BUILD's state if any.
    case call(PickleValue, [PickleValue])
    case persistent(PickleValue)
    case mark

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var int: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    var tuple: [PickleValue]? {
        switch self {
        case .tuple(let t): return t
        case .list(let l): return l.items
        default: return nil
        }
    }
}

struct PickleMachine {
    let bytes: ArraySlice<UInt8>
    var pos: Int
    var stack: [PickleValue] = []
    var memo: [Int: PickleValue] = [:]

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes; pos = bytes.startIndex }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.endIndex - pos else { throw WeightsError.truncated("pickle data ends inside an opcode") }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }
    mutating func uint(_ n: Int) throws -> Int {
        var v = 0
        for (i, b) in try take(n).enumerated() { v |= Int(b) << (8 * i) }
        return v
    }
    mutating func line() throws -> String {
        guard let end = bytes[pos...].firstIndex(of: 0x0A) else { throw WeightsError.truncated("pickle line without end") }
        defer { pos = end + 1 }
        return String(decoding: bytes[pos..<end], as: UTF8.self)
    }
    mutating func pop() throws -> PickleValue {
        guard let v = stack.popLast() else { throw WeightsError.corrupt("pickle stack underflow") }
        return v
    }
    mutating func popMark() throws -> [PickleValue] {
        guard let m = stack.lastIndex(where: { if case .mark = $0 { return true }; return false }) else {
            throw WeightsError.corrupt("pickle MARK missing")
        }
        let items = Array(stack[(m + 1)...])
        stack.removeSubrange(m...)
        return items
    }
    mutating func top() throws -> PickleValue {
        guard let v = stack.last else { throw WeightsError.corrupt("pickle stack empty") }
        return v
    }

    mutating func setItems(_ kv: [PickleValue]) throws {
        guard case .dict(let d) = try top(), kv.count % 2 == 0 else { throw WeightsError.corrupt("SETITEMS on a non-dict") }
        for i in stride(from: 0, to: kv.count, by: 2) { d.items.append((kv[i], kv[i + 1])) }
    }
    mutating func append(_ items: [PickleValue]) throws {
        guard case .list(let l) = try top() else { throw WeightsError.corrupt("APPENDS on a non-list") }
        l.items += items
    }

    /// Runs to STOP and returns the unpickled value.
    mutating func run() throws -> PickleValue {
        while true {
            let op = try take(1).first!
            switch op {
            case 0x80: _ = try take(1)                                  // PROTO
            case 0x95: _ = try take(8)                                  // FRAME
            case 0x2E: return try pop()                                 // STOP
            case 0x28: stack.append(.mark)                              // MARK
            case 0x7D: stack.append(.dict(PickleDict()))                // EMPTY_DICT
            case 0x5D: stack.append(.list(PickleList()))                // EMPTY_LIST
            case 0x29: stack.append(.tuple([]))                         // EMPTY_TUPLE
            case 0x74: stack.append(.tuple(try popMark()))              // TUPLE
            case 0x85: stack.append(.tuple([try pop()]))                // TUPLE1
            case 0x86: let b = try pop(), a = try pop(); stack.append(.tuple([a, b]))            // TUPLE2
            case 0x87: let c = try pop(), b = try pop(), a = try pop(); stack.append(.tuple([a, b, c]))  // TUPLE3
            case 0x64: let d = PickleDict(); stack.append(.dict(d)); let kv = try popMark(); stack.append(.dict(d)); try setItems(kv); _ = try pop(); stack.append(.dict(d))  // DICT
            case 0x6C: let l = PickleList(); l.items = try popMark(); stack.append(.list(l))     // LIST
            case 0x4E: stack.append(.none)                              // NONE
            case 0x88: stack.append(.bool(true))                        // NEWTRUE
            case 0x89: stack.append(.bool(false))                       // NEWFALSE
            case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))  // BININT
            case 0x4B: stack.append(.int(try uint(1)))                  // BININT1
            case 0x4D: stack.append(.int(try uint(2)))                  // BININT2
            case 0x8A, 0x8B:                                            // LONG1, LONG4
                let n = op == 0x8A ? try uint(1) : try uint(4)
                let b = try take(n)
                guard n <= 8 else { throw WeightsError.unsupported("integer of \(n) bytes in pickle") }
                var v: UInt64 = 0
                for (i, x) in b.enumerated() { v |= UInt64(x) << (8 * UInt64(i)) }
                if n > 0 && n < 8 && b.last! & 0x80 != 0 { v |= ~0 << (8 * UInt64(n)) }  // sign-extend
                stack.append(.int(Int(Int64(bitPattern: v))))
            case 0x47:                                                  // BINFLOAT (big-endian)
                var v: UInt64 = 0
                for x in try take(8) { v = v << 8 | UInt64(x) }
                stack.append(.float(Double(bitPattern: v)))
            case 0x58: stack.append(.string(String(decoding: try take(try uint(4)), as: UTF8.self)))   // BINUNICODE
            case 0x8C: stack.append(.string(String(decoding: try take(try uint(1)), as: UTF8.self)))   // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(String(decoding: try take(try uint(8)), as: UTF8.self)))   // BINUNICODE8
            case 0x55: stack.append(.string(String(decoding: try take(try uint(1)), as: UTF8.self)))   // SHORT_BINSTRING
            case 0x54: stack.append(.string(String(decoding: try take(try uint(4)), as: UTF8.self)))   // BINSTRING
            case 0x43: stack.append(.bytes(Array(try take(try uint(1)))))  // SHORT_BINBYTES
            case 0x42: stack.append(.bytes(Array(try take(try uint(4)))))  // BINBYTES
            case 0x8E: stack.append(.bytes(Array(try take(try uint(8)))))  // BINBYTES8
            case 0x63:                                                  // GLOBAL
                let module = try line(), name = try line()
                stack.append(.global(module: module, name: name))
            case 0x93:                                                  // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard let m = module.string, let n = name.string else { throw WeightsError.corrupt("STACK_GLOBAL without names") }
                stack.append(.global(module: m, name: n))
            case 0x71: memo[try uint(1)] = try top()                    // BINPUT
            case 0x72: memo[try uint(4)] = try top()                    // LONG_BINPUT
            case 0x94: memo[memo.count] = try top()                     // MEMOIZE
            case 0x68, 0x6A:                                            // BINGET, LONG_BINGET
                let key = op == 0x68 ? try uint(1) : try uint(4)
                guard let v = memo[key] else { throw WeightsError.corrupt("pickle memo \(key) missing") }
                stack.append(v)
            case 0x52, 0x81:                                            // REDUCE, NEWOBJ
                let args = try pop(), callable = try pop()
                if case .global("collections", "OrderedDict") = callable {
                    stack.append(.dict(PickleDict()))  // items follow as SETITEMS
                } else {
                    stack.append(.call(callable, args.tuple ?? []))
                }
            case 0x62: _ = try pop()                                    // BUILD: state is not needed
            case 0x73: let v = try pop(), k = try pop(); try setItems([k, v])   // SETITEM
            case 0x75: try setItems(try popMark())                      // SETITEMS
            case 0x61: try append([try pop()])                          // APPEND
            case 0x65: try append(try popMark())                        // APPENDS
            case 0x51: stack.append(.persistent(try pop()))             // BINPERSID
            case 0x30: _ = try pop()                                    // POP
            case 0x31: _ = try popMark()                                // POP_MARK
            case 0x32: stack.append(try top())                          // DUP
            case 0x8F: stack.append(.list(PickleList()))                // EMPTY_SET (as a list)
            case 0x90: try append(try popMark())                        // ADDITEMS
            default:
                throw WeightsError.unsupported(String(format: "pickle opcode 0x%02x at byte %d", op, pos - 1))
            }
        }
    }
}

import Foundation
