import Foundation
import XCTest
import LearnCore
@testable import LearnData

/// Speed figures, printed, not asserted. Skipped unless `SWIFTNB_BENCH=1`; run in release:
///
///     SWIFTNB_BENCH=1 swift test -c release --scratch-path /tmp/build-data-release \
///         --filter LearnDataTests.DataBenchmarks
final class DataBenchmarks: XCTestCase {
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    func testBenchmarkDecodeCacheAndLoader() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["SWIFTNB_BENCH"] == "1", "set SWIFTNB_BENCH=1")
        let archive = try XCTUnwrap(BundledCIFAR10Tests.bundledArchive)
        let work = try temporaryFolder(self)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("cores: \(cores)")

        let sha = try seconds { _ = try sha256Hex(ofFile: archive) }
        print(String(format: "sha256 of the archive: %.2f s", sha))
        let stream = try seconds { _ = try CIFAR10.decodeArchive(archive) }
        print(String(format: "decoding 60,000 JPEGs from the archive in memory (gzip -dc + tar records + decode): %.2f s", stream))
        let tar = try seconds { try CIFAR10.runTool("/bin/tar", ["-xzf", archive, "-C", work]) }
        print(String(format: "tar -xzf: %.2f s", tar))

        var cifar: CIFAR10!
        let decode = try seconds { cifar = try CIFAR10(root: (work as NSString).appendingPathComponent("cifar10")) }
        print(String(format: "decoding 60,000 unpacked JPEG files (read + decode, %d threads): %.2f s, %.0f images/s",
                     cores, decode, 60_000 / decode))

        let cache = (work as NSString).appendingPathComponent("cache")
        let build = try seconds { _ = try CIFAR10.bundled(archive: archive, cacheDirectory: cache) }
        print(String(format: "first CIFAR10.bundled (sha256 + gunzip + decode + write): %.2f s", build))
        let load = try seconds { cifar = try CIFAR10.bundled(archive: archive, cacheDirectory: cache) }
        print(String(format: "later CIFAR10.bundled (read the binary cache): %.3f s", load))

        let augment: [Transform] = [.randomCrop(32, padding: 4), .horizontalFlip,
                                    .normalize(mean: cifar10Mean, std: cifar10Std)]
        for (prefetch, workers) in [(0, 1), (2, 1), (2, cores)] {
            let loader = DataLoader(cifar.train, batchSize: 128, shuffle: true, transform: augment, seed: 1,
                                    prefetch: prefetch, workers: workers)
            var images = 0
            let time = seconds { for (batch, _) in loader { images += batch.shape[0] } }
            print(String(format: "loader, crop + flip + normalise, batch 128, prefetch %d, %d workers: %.0f images/s (epoch %.2f s)",
                         prefetch, workers, Double(images) / time, time))
        }
        let plain = DataLoader(cifar.test, batchSize: 256, transform: [.normalize(mean: cifar10Mean, std: cifar10Std)])
        var images = 0
        let time = seconds { for (batch, _) in plain { images += batch.shape[0] } }
        print(String(format: "loader, normalise only, batch 256: %.0f images/s", Double(images) / time))
    }
}
