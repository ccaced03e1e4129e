// ResNet18 (10-class head) step timings, the counterpart of shared/bench/torch_resnet18_step.py.
// Prints one line per mode: `mode=<finetune|frozen|eval> batch=B size=S threads=T ms_per_step=M images_per_s=I`.
// Build and run with Benchmarks/run.sh [--batch 128] [--size 32] [--steps 10] [--threads 2] [--modes finetune,frozen,eval]
// (--threads sets both OpenBLAS and LearnCore threads; --compute-threads only the latter).
import Foundation
import LearnCore

var options = ["batch": "128", "size": "32", "steps": "10", "threads": "0", "modes": "finetune,frozen,eval", "compute-threads": "0"]
var args = CommandLine.arguments.dropFirst()
while let flag = args.popFirst() {
    guard flag.hasPrefix("--"), let value = args.popFirst() else { fatalError("usage: --batch N --size N --steps N --threads N --modes a,b") }
    options[String(flag.dropFirst(2))] = value
}
let batch = Int(options["batch"]!)!, size = Int(options["size"]!)!, steps = Int(options["steps"]!)!
if let t = Int(options["threads"]!), t > 0 { blasThreads = t; computeThreads = t }
if let t = Int(options["compute-threads"]!), t > 0 { computeThreads = t }

manualSeed(0)
let x = Tensor.randn([batch, 3, size, size])
let y = randint(0, 10, shape: [batch])

/// CPU time of the whole process (all threads), in seconds.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

var cpuPerStep = 0.0
/// Wall seconds per step (and CPU seconds per step in `cpuPerStep`, which a busy machine
/// disturbs less).
func timed(_ step: () -> Void) -> Double {
    step(); step()  // warm-up
    let start = DispatchTime.now().uptimeNanoseconds, cpuStart = cpuSeconds()
    for _ in 0..<steps { step() }
    cpuPerStep = (cpuSeconds() - cpuStart) / Double(steps)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(steps)
}

for mode in options["modes"]!.split(separator: ",") {
    let model = ResNet18(classes: 10)
    let seconds: Double
    switch mode {
    case "finetune":
        model.train()
        let opt = SGD(model.parameters, lr: 0.001, momentum: 0.9)
        seconds = timed { opt.zeroGrad(); crossEntropy(model(x), y).backward(); opt.step() }
    case "frozen":
        model.freeze()
        model.fc = Linear(512, 10)
        model.eval()
        let opt = SGD(model.fc.parameters, lr: 0.001, momentum: 0.9)
        seconds = timed { opt.zeroGrad(); crossEntropy(model(x), y).backward(); opt.step() }
    default:
        model.eval()
        seconds = timed { _ = noGrad { model(x) } }
    }
    print("mode=\(mode) batch=\(batch) size=\(size) threads=\(blasThreads) compute_threads=\(computeThreads) ms_per_step=\(String(format: "%.1f", seconds * 1000)) images_per_s=\(Int(Double(batch) / seconds)) cpu_ms_per_step=\(String(format: "%.1f", cpuPerStep * 1000))")
    fflush(stdout)
}
