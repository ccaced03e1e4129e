// Tensors, autograd, layers, optimisers, ResNet18 and weights files.
@_exported import NotebookDisplay
