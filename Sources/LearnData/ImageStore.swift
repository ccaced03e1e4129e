// Decoded images held in memory, shared by a data set and all the subsets cut from it.

/// The pixels of a data set, channel-planar bytes. `uniform` keeps same-sized images (all of
/// CIFAR-10) back to back in one buffer, exactly the CIFAR binary record without its label
/// byte; `varied` keeps images of any size one by one.
final class ImageStore {
    enum Storage {
        case uniform(height: Int, width: Int, bytes: [UInt8])
        case varied([PlanarImage<UInt8>])
    }

    let storage: Storage
    /// Where image `i` came from (a file path, or "batch file record n"), for messages;
    /// a function so that 60,000 binary records need no 60,000 strings.
    let source: (Int) -> String

    init(_ storage: Storage, sources: [String]) {
        self.storage = storage
        self.source = { sources[$0] }
    }

    init(_ storage: Storage, source: @escaping (Int) -> String) {
        self.storage = storage
        self.source = source
    }

    var count: Int {
        switch storage {
        case .uniform(let height, let width, let bytes): return bytes.count / (3 * height * width)
        case .varied(let images): return images.count
        }
    }

    func planes(_ index: Int) -> PlanarImage<UInt8> {
        switch storage {
        case .uniform(let height, let width, let bytes):
            let size = 3 * height * width
            return PlanarImage(channels: 3, height: height, width: width,
                               values: Array(bytes[(index * size)..<((index + 1) * size)]))
        case .varied(let images):
            return images[index]
        }
    }

    func size(_ index: Int) -> (height: Int, width: Int) {
        switch storage {
        case .uniform(let height, let width, _): return (height, width)
        case .varied(let images): return (images[index].height, images[index].width)
        }
    }

    /// The distinct image sizes, for checking that a loader's batches can be stacked.
    func distinctSizes(_ indices: [Int]) -> [(height: Int, width: Int)] {
        switch storage {
        case .uniform(let height, let width, _): return indices.isEmpty ? [] : [(height, width)]
        case .varied(let images):
            var seen = Set<[Int]>(), sizes: [(height: Int, width: Int)] = []
            for i in indices where seen.insert([images[i].height, images[i].width]).inserted {
                sizes.append((images[i].height, images[i].width))
            }
            return sizes
        }
    }
}
