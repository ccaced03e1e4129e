// Data sets, image decoding, transforms and the data loader.
//
//     let cifar = try CIFAR10.bundled()                   // or CIFAR10(root:), either layout
//     let source = cifar.train.subset(classes: [0, 1, 2, 3, 4], perClass: 1000)
//     let train = DataLoader(source, batchSize: 128, shuffle: true, seed: 0,
//                            transform: [.randomCrop(32, padding: 4), .horizontalFlip,
//                                        .normalize(mean: cifar10Mean, std: cifar10Std)])
//     for (images, labels) in train { … }                // Tensor [128, 3, 32, 32], IntTensor [128]
//
// Files: DataError (what can go wrong), ImageDecoder/ImageEncoding (libjpeg-turbo, libpng),
// RGBImage and PlanarImage (pixels), ImageStore/ImageDataset (labelled images in memory,
// subsets), ImageFolder, CIFAR10 and BundledCIFAR10 (+ TarReader, SHA256), Transform and
// ImageOps (augmentation), AugmentationRandom (seeded streams), DataLoader (batches, prefetch).
import LearnCore
