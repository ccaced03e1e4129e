import Foundation
import XCTest
@testable import LearnCore

final class WeightsFileTests: XCTestCase {
    var scratch: String!

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "learncore-weights-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: scratch) }

    func smallNet() -> Sequential {
        Sequential(Conv2d(2, 3, kernelSize: 3), BatchNorm2d(3), ReLU(), Flatten(), Linear(12, 2))
    }

    func testPthStateDictMatchesPyTorchValues() throws {
        let sd = try TorchCheckpoint.read(fixturesDirectory + "/small_net.pth")
        let expected = try fixture("small_net_expected.safetensors")
        XCTAssertEqual(sd.keys, expected.keys)
        XCTAssertEqual(sd.keys, ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                 "1.num_batches_tracked", "4.weight", "4.bias"])
        for (key, t) in expected { XCTAssertEqual(sd[key]?.scalars, t.scalars, key) }
        XCTAssertEqual(sd["1.num_batches_tracked"]?.item, 7)
        XCTAssertTrue(sd.integerKeys.contains("1.num_batches_tracked"))

        let net = smallNet()
        try net.load(fixturesDirectory + "/small_net.pth")
        XCTAssertEqual((net[1] as! BatchNorm2d).num_batches_tracked.item, 7)
        XCTAssertEqual((net[4] as! Linear).weight.scalars, expected["4.weight"]!.scalars)
    }

    func testPthViewsHalfAndDouble() throws {
        let sd = try TorchCheckpoint.read(fixturesDirectory + "/views.pth")
        XCTAssertEqual(sd["transposed"]?.shape, [3, 2])
        XCTAssertEqual(sd["transposed"]?.scalars, [0, 3, 1, 4, 2, 5])
        XCTAssertEqual(sd["half"]?.scalars, [1.5, -2, 0.25])
        XCTAssertEqual(sd["double"]?.scalars, [0.1, 0.2])
    }

    func testSafetensorsRoundTripIsAtomicAndKeepsIntegers() throws {
        manualSeed(4)
        let net = smallNet()
        net.train()
        _ = net(Tensor.randn([4, 2, 4, 4]))
        let path = scratch + "/net.safetensors"
        try net.save(path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch), ["net.safetensors"],
                       "no temporary file is left behind")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertTrue(header.contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[]"), header)
        XCTAssertEqual(headerLength % 8, 0)

        let copy = smallNet()
        try copy.load(path)
        for ((k1, a), (k2, b)) in zip(net.stateDict(), copy.stateDict()) {
            XCTAssertEqual(k1, k2)
            XCTAssertEqual(a.scalars, b.scalars, k1)
        }
        XCTAssertEqual((copy[1] as! BatchNorm2d).num_batches_tracked.item, 1)
    }

    func testTruncatedAndCorruptFilesGiveTypedErrors() throws {
        let pth = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturesDirectory + "/small_net.pth")))
        let st = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixturesDirectory + "/small_net_expected.safetensors")))
        for (name, bytes) in [("pth", pth), ("safetensors", st)] {
            for cut in [0, 3, 8, 9, 20, 100, bytes.count / 2, bytes.count - 30, bytes.count - 1] {
                let path = scratch + "/cut-\(name)-\(cut)"
                XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes[..<cut])))
                XCTAssertThrowsError(try readWeights(path), "\(name) cut at \(cut)") { error in
                    XCTAssertTrue(error is WeightsError, "\(type(of: error))")
                }
            }
        }
        // Overwritten bytes anywhere must never crash: either an error or some values.
        for position in stride(from: 0, to: pth.count, by: 97) {
            var damaged = pth
            for i in position..<min(position + 8, damaged.count) { damaged[i] = 0xFF }
            _ = try? TorchCheckpoint.decode(damaged)
        }
        for position in stride(from: 0, to: st.count, by: 13) {
            var damaged = st
            damaged[position] = 0x7F
            _ = try? Safetensors.decode(damaged)
        }
        // Random byte changes (seeded) anywhere in either format: errors, never traps.
        var rng = SeededGenerator(seed: 12)
        for (original, decode) in [(pth, { _ = try TorchCheckpoint.decode($0) }), (st, { _ = try Safetensors.decode($0) })]
            as [([UInt8], ([UInt8]) throws -> Void)] {
            for _ in 0..<300 {
                var damaged = original
                for _ in 0..<3 { damaged[Int(rng.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                _ = try? decode(damaged)
            }
        }
        // Headers announcing impossible shapes or offsets.
        for header in [#"{"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,4]}}"#,
                       #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                       #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,1e300]}}"#,
                       #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,
                       #"{"a":{"dtype":"Q9","shape":[1],"data_offsets":[0,4]}}"#,
                       #"{"a":[1,2]}"#, #"[1]"#, #"{"a":"#] {
            let json = Array(header.utf8)
            var bytes = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) } + json
            bytes += [0, 0, 128, 63]
            XCTAssertThrowsError(try Safetensors.decode(bytes), header) { XCTAssertTrue($0 is WeightsError) }
        }
        let garbage = scratch + "/garbage.bin"
        XCTAssertTrue(FileManager.default.createFile(atPath: garbage, contents: Data((0..<64).map { UInt8($0) })))
        XCTAssertThrowsError(try readWeights(garbage)) { XCTAssertEqual($0 as? WeightsError, .unknownFormat(path: garbage)) }
        let legacy = scratch + "/legacy.pth"
        XCTAssertTrue(FileManager.default.createFile(atPath: legacy, contents: Data([0x80, 0x02, 0x8A, 0x0A] + [UInt8](repeating: 0, count: 20))))
        XCTAssertThrowsError(try readWeights(legacy)) {
            guard case .unsupported(let why) = $0 as? WeightsError else { return XCTFail("\($0)") }
            XCTAssertTrue(why.contains("legacy"))
        }
        XCTAssertThrowsError(try readWeights(scratch + "/absent.pth")) {
            guard case .cannotRead = $0 as? WeightsError else { return XCTFail("\($0)") }
        }
    }

    func testStrictLoadingListsMissingUnexpectedAndWrongShapes() throws {
        let source = Sequential(Linear(4, 3), Linear(3, 2)).stateDict()
        let target = Sequential(Linear(4, 3), Linear(3, 5), BatchNorm1d(5))
        let before = target.stateDict()
        XCTAssertThrowsError(try target.loadStateDict(source)) { error in
            guard let e = error as? StateDictError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.missing, ["2.weight", "2.bias", "2.running_mean", "2.running_var", "2.num_batches_tracked"])
            XCTAssertEqual(e.unexpected, [])
            XCTAssertEqual(e.wrongShape, [.init(key: "1.weight", expected: [5, 3], found: [2, 3]),
                                          .init(key: "1.bias", expected: [5], found: [2])])
            XCTAssertTrue(e.description.contains("size mismatch for 1.weight"))
        }
        for (k, t) in target.stateDict() { XCTAssertEqual(t.scalars, before[k]!.scalars, "failed load changed \(k)") }

        var extra = Sequential(Linear(4, 3)).stateDict()
        extra["head.weight"] = Tensor.zeros([1])
        let small = Sequential(Linear(4, 3), ReLU(), Linear(3, 1))
        XCTAssertThrowsError(try small.loadStateDict(extra)) {
            XCTAssertEqual(($0 as? StateDictError)?.unexpected, ["head.weight"])
        }
        let result = try small.loadStateDict(extra, strict: false)
        XCTAssertEqual(result.missing, ["2.weight", "2.bias"])
        XCTAssertEqual(result.unexpected, ["head.weight"])
        XCTAssertEqual((small[0] as! Linear).weight.scalars, extra["0.weight"]!.scalars)
    }
}
