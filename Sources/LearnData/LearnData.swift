// Data sets, image decoding, transforms and the data loader.
import LearnCore
