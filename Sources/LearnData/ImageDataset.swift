// A labelled image data set in memory, and the deterministic subsets cut from it.

/// Labelled images held in memory, decoded: what `CIFAR10` and `ImageFolder` give and what a
/// `DataLoader` draws from. Subsets share the pixels; they copy only indices and labels.
///
///     let cifar = try CIFAR10(root: dataDir)
///     cifar.train[0]                                    // (image: RGBImage(32×32), label: 6)
///     let source = cifar.train.subset(classes: [0, 1, 2, 3, 4], perClass: 1000)
///     let target = cifar.train.subset(classes: [5, 6, 7, 8, 9], perClass: 100)  // labels 0...4
public struct ImageDataset {
    /// Class names; label `i` is `classes[i]`.
    public let classes: [String]
    /// The label of each image.
    public let labels: [Int]
    let store: ImageStore
    /// Positions in `store` of this data set's images.
    let indices: [Int]

    init(store: ImageStore, indices: [Int], labels: [Int], classes: [String]) {
        self.store = store
        self.indices = indices
        self.labels = labels
        self.classes = classes
    }

    /// Number of images.
    public var count: Int { indices.count }

    /// The `i`th image, as decoded (interleaved RGB bytes), and its label.
    public subscript(i: Int) -> (image: RGBImage, label: Int) {
        (store.planes(indices[i]).rgbImage, labels[i])
    }

    /// The `i`th image as planes (CHW bytes), the form transforms take.
    public func planes(_ i: Int) -> PlanarImage<UInt8> { store.planes(indices[i]) }

    /// Where the `i`th image came from: its file, or its batch file and record number.
    public func source(_ i: Int) -> String { store.source(indices[i]) }

    /// How many images each class has, in label order.
    public var countPerClass: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The images of the given classes, at most `perClass` of each (the first ones, in this
    /// data set's order), in this data set's order. With `relabel` (the default) the labels
    /// become positions in `classes` (so `[5, 7]` gives labels 0 and 1, and `classes` names
    /// just those two); without it they keep their values and `classes` stays whole.
    /// Deterministic: the same call always gives the same images.
    public func subset(classes selected: [Int]? = nil, perClass: Int? = nil, relabel: Bool = true) -> ImageDataset {
        let chosen = selected ?? Array(classes.indices)
        for label in chosen {
            precondition(classes.indices.contains(label),
                         "subset: class \(label) does not exist; labels are 0...\(classes.count - 1)")
        }
        precondition(Set(chosen).count == chosen.count, "subset: classes \(chosen) repeat a class")
        precondition(perClass.map { $0 >= 0 } ?? true, "subset: perClass must not be negative")
        var newLabel = [Int](repeating: -1, count: classes.count)
        for (position, label) in chosen.enumerated() { newLabel[label] = relabel ? position : label }
        var taken = [Int](repeating: 0, count: classes.count)
        var keptIndices: [Int] = [], keptLabels: [Int] = []
        for (i, label) in labels.enumerated() where newLabel[label] >= 0 {
            if let limit = perClass, taken[label] >= limit { continue }
            taken[label] += 1
            keptIndices.append(indices[i])
            keptLabels.append(newLabel[label])
        }
        return ImageDataset(store: store, indices: keptIndices, labels: keptLabels,
                            classes: relabel ? chosen.map { classes[$0] } : classes)
    }

    /// The classes named (e.g. `["cat", "dog"]`), as `subset(classes:perClass:relabel:)`.
    /// Names that are not classes are a precondition failure that lists the classes.
    public func subset(classNames: [String], perClass: Int? = nil, relabel: Bool = true) -> ImageDataset {
        let labels = classNames.map { name -> Int in
            guard let label = classes.firstIndex(of: name) else {
                preconditionFailure("subset: no class named \"\(name)\"; classes are \(classes)")
            }
            return label
        }
        return subset(classes: labels, perClass: perClass, relabel: relabel)
    }

    /// The images at the given positions, in that order, labels kept.
    public func subset(indices positions: [Int]) -> ImageDataset {
        ImageDataset(store: store, indices: positions.map { indices[$0] }, labels: positions.map { labels[$0] },
                     classes: classes)
    }

    /// The images in a range of positions, labels kept.
    public func subset(_ range: Range<Int>) -> ImageDataset { subset(indices: Array(range)) }
}

extension ImageDataset: CustomStringConvertible {
    public var description: String {
        let sizes = store.distinctSizes(indices)
        let sizeText: String
        switch sizes.count {
        case 0: sizeText = "no images"
        case 1: sizeText = "\(sizes[0].width)×\(sizes[0].height)"
        default: sizeText = "\(sizes.count) different sizes"
        }
        let names = classes.count <= 12 ? classes.joined(separator: ", ")
            : classes.prefix(10).joined(separator: ", ") + ", …"
        return "ImageDataset(\(count) images, \(sizeText), \(classes.count) classes: \(names))"
    }
}
