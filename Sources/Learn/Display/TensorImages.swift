// Glue between tensors and LearnPlot's image grids: LearnPlot knows nothing of tensors.

extension ImageGrid {
    /// A grid from a batch of images, a tensor of shape [N, C, H, W] (C = 1 or 3), as a data
    /// loader yields it. Normalised batches are shown as they were before `normalize`: pass the
    /// `mean` and `std` that were used. `labels` with `classNames` become captions.
    public init(batch: Tensor, labels: IntTensor? = nil, classNames: [String]? = nil,
                mean: [Float]? = nil, std: [Float]? = nil, limit: Int = 32, columns: Int? = nil, scale: Int = 2) throws {
        guard batch.shape.count == 4 else { throw ImageGridError.badSize(width: 0, height: 0) }
        let (count, channels, height, width) = (min(batch.shape[0], limit), batch.shape[1], batch.shape[2], batch.shape[3])
        let plane = height * width
        let values = batch.scalars
        var images: [[Float]] = []
        for index in 0..<count {
            var image = Array(values[(index * channels * plane)..<((index + 1) * channels * plane)])
            if let mean, let std, mean.count == channels, std.count == channels {
                for channel in 0..<channels {
                    for p in 0..<plane { image[channel * plane + p] = image[channel * plane + p] * std[channel] + mean[channel] }
                }
            }
            images.append(image)
        }
        let captions = labels.map { labels in
            (0..<count).map { index -> String in
                let label = labels.scalars[index]
                guard let classNames, classNames.indices.contains(label) else { return "\(label)" }
                return classNames[label]
            }
        }
        try self.init(images: images, width: width, height: height, channels: channels, layout: .chw,
                      captions: captions, columns: columns, scale: scale)
    }
}
