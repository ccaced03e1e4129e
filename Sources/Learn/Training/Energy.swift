// Energy and carbon of a training run. Two ways to measure, the better one when it can:
//   RAPL  — Intel/AMD package energy counters in /sys/class/powercap (joules actually drawn
//           by the CPU packages, by every process on them, not only this one);
//   CPU time × power per core — an estimate from the process's own CPU time (getrusage)
//           when the counters are absent or unreadable (containers, virtual machines).
import Foundation

/// How a run's energy was obtained.
public enum EnergyMethod: Equatable, CustomStringConvertible {
    /// Summed RAPL package counters (zone names, e.g. "package-0").
    case rapl(zones: [String])
    /// Process CPU seconds (user + system) × `wattsPerCore`.
    case cpuTime(wattsPerCore: Double)

    public var description: String {
        switch self {
        case let .rapl(zones): return "RAPL counters (\(zones.joined(separator: ", ")))"
        case let .cpuTime(watts): return "process CPU time × \(String(format: "%g", watts)) W per core (estimate; RAPL not readable)"
        }
    }
}

/// Grams of CO2-equivalent emitted per kWh of electricity, with where the figure comes from.
public struct GridIntensity: CustomStringConvertible {
    public var gramsPerKWh: Double
    public var source: String

    public init(gramsPerKWh: Double, source: String) {
        self.gramsPerKWh = gramsPerKWh
        self.source = source
    }

    /// World average electricity, 2023: 480 gCO2e/kWh (Ember, Global Electricity Review 2024).
    public static let worldAverage2023 = GridIntensity(
        gramsPerKWh: 480, source: "Ember, Global Electricity Review 2024 (world average, 2023)")

    public var description: String { "\(String(format: "%g", gramsPerKWh)) gCO2e/kWh (\(source))" }
}

/// The energy of one measured stretch of work and its carbon at a grid intensity.
public struct EnergyReport: CustomStringConvertible {
    public var joules: Double
    public var method: EnergyMethod
    public var seconds: Double
    public var grid: GridIntensity

    public var kWh: Double { joules / 3.6e6 }
    /// Grams of CO2e: kWh × the grid's intensity.
    public var co2eGrams: Double { kWh * grid.gramsPerKWh }
    /// Mean power over the stretch.
    public var watts: Double { seconds > 0 ? joules / seconds : 0 }

    public var description: String {
        String(format: "%.0f J = %.6f kWh ≈ %.3f gCO2e (mean %.1f W over %.1f s) by ", joules, kWh, co2eGrams, watts, seconds)
            + method.description + "; grid " + grid.description
    }
}

/// Measures energy from now on. Call `sample()` often (each batch) so that a RAPL counter
/// cannot wrap around twice unseen, and `report()` for the total so far.
public final class EnergyMeter {
    /// The power per busy core assumed when RAPL is unreadable: 15 W, about a server
    /// CPU's TDP shared among its cores (e.g. 180 W / 12 cores).
    public static let defaultWattsPerCore = 15.0

    public let method: EnergyMethod
    public let grid: GridIntensity
    private let zones: [RAPLZone]
    private let wattsPerCore: Double
    private var lastCounters: [UInt64]
    private var raplJoules = 0.0
    private let startCPUSeconds: Double
    private let startTime: Double

    /// - Parameters:
    ///   - powercapRoot: where RAPL zones live (tests point it at a fake folder).
    ///   - wattsPerCore: the assumed power per busy core for the CPU-time estimate.
    public init(grid: GridIntensity = .worldAverage2023, wattsPerCore: Double = EnergyMeter.defaultWattsPerCore,
                powercapRoot: String = "/sys/class/powercap") {
        self.grid = grid
        self.wattsPerCore = wattsPerCore
        zones = RAPLZone.packages(in: powercapRoot)
        lastCounters = zones.compactMap { $0.read() }
        method = zones.isEmpty ? .cpuTime(wattsPerCore: wattsPerCore) : .rapl(zones: zones.map(\.name))
        startCPUSeconds = processCPUSeconds()
        startTime = ProcessInfo.processInfo.systemUptime
    }

    /// Adds the counters' progress since the last sample (RAPL only; cheap).
    public func sample() {
        for (i, zone) in zones.enumerated() {
            guard let now = zone.read() else { continue }
            raplJoules += Double(zone.delta(from: lastCounters[i], to: now)) / 1e6
            lastCounters[i] = now
        }
    }

    /// The energy since the meter was made.
    public func report() -> EnergyReport {
        sample()
        let seconds = ProcessInfo.processInfo.systemUptime - startTime
        let joules = zones.isEmpty ? (processCPUSeconds() - startCPUSeconds) * wattsPerCore : raplJoules
        return EnergyReport(joules: joules, method: method, seconds: seconds, grid: grid)
    }
}

/// Runs `body` and returns its result with the energy it took.
public func measureEnergy<T>(grid: GridIntensity = .worldAverage2023,
                             wattsPerCore: Double = EnergyMeter.defaultWattsPerCore,
                             _ body: () throws -> T) rethrows -> (value: T, energy: EnergyReport) {
    let meter = EnergyMeter(grid: grid, wattsPerCore: wattsPerCore)
    let value = try body()
    return (value, meter.report())
}

/// User + system CPU seconds of this process, all threads.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// One RAPL package zone: `<root>/intel-rapl:N/{name,energy_uj,max_energy_range_uj}`.
struct RAPLZone {
    let name: String
    let counterPath: String
    let range: UInt64

    /// Top-level package zones only: sub-zones (core, dram) are already inside their package,
    /// and "psys" covers the packages again.
    static func packages(in root: String) -> [RAPLZone] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return entries.sorted().compactMap { entry in
            let parts = entry.split(separator: ":")
            guard parts.count == 2, parts[0] == "intel-rapl" || parts[0] == "amd-rapl" else { return nil }
            let folder = (root as NSString).appendingPathComponent(entry)
            func text(_ file: String) -> String? {
                (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let name = text("name"), name.hasPrefix("package"),
                  let range = text("max_energy_range_uj").flatMap(UInt64.init), range > 0 else { return nil }
            let zone = RAPLZone(name: name, counterPath: (folder as NSString).appendingPathComponent("energy_uj"), range: range)
            return zone.read() == nil ? nil : zone  // unreadable without privileges on many systems
        }
    }

    func read() -> UInt64? {
        (try? String(contentsOfFile: counterPath, encoding: .utf8))
            .flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Microjoules between two readings; a smaller second reading means the counter wrapped
    /// once past `max_energy_range_uj`.
    func delta(from start: UInt64, to end: UInt64) -> UInt64 {
        end >= start ? end - start : range - start + end
    }
}
