import Foundation

/// How an axis maps values to positions.
public enum AxisScale: Sendable {
    case linear
    /// Base 10; values ≤ 0 are left out.
    case log
}

/// One tick: where it goes, what it says; minor ticks carry no label.
struct Tick: Equatable {
    var value: Double
    var label: String
    var isMajor: Bool
}

/// Tick placement: "nice" steps (1, 2, 5 × 10ᵏ) on linear axes, powers of ten on log axes.
enum TickGenerator {
    /// The nice step closest to `span / target`.
    static func niceStep(span: Double, target: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, target))
        let exponent = (log10(raw)).rounded(.down)
        let magnitude = pow(10, exponent)
        let fraction = raw / magnitude
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * magnitude
    }

    static func linear(lower: Double, upper: Double, target: Int) -> [Tick] {
        let step = niceStep(span: upper - lower, target: target)
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 1000 else { return [] }
        let magnitude = max(abs(lower), abs(upper))
        return stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            return Tick(value: value, label: format(value, step: step, magnitude: magnitude), isMajor: true)
        }
    }

    /// Powers of ten (every n-th decade when there are many), with 2…9 × 10ᵏ as minor ticks.
    /// A range within one decade gets nice linear ticks instead.
    static func log(lower: Double, upper: Double, target: Int) -> [Tick] {
        guard lower > 0, upper > lower else { return [] }
        let low = log10(lower), high = log10(upper)
        let firstDecade = Int((low - 1e-9).rounded(.up)), lastDecade = Int((high + 1e-9).rounded(.down))
        guard lastDecade > firstDecade else {
            return linear(lower: lower, upper: upper, target: max(2, target / 2))
        }
        let decades = lastDecade - firstDecade + 1
        let every = max(1, Int((Double(decades) / Double(max(1, target))).rounded(.up)))
        let plain = firstDecade >= -2 && lastDecade <= 4
        var ticks: [Tick] = []
        for exponent in firstDecade...lastDecade {
            let labelled = (exponent - firstDecade) % every == 0
            ticks.append(Tick(value: pow(10, Double(exponent)), label: labelled ? powerOfTen(exponent, plain: plain) : "",
                              isMajor: labelled))
        }
        if every == 1, decades <= 8 {
            for exponent in (firstDecade - 1)...lastDecade {
                for multiple in 2...9 {
                    let value = Double(multiple) * pow(10, Double(exponent))
                    if value >= lower * (1 - 1e-9), value <= upper * (1 + 1e-9) {
                        ticks.append(Tick(value: value, label: "", isMajor: false))
                    }
                }
            }
        }
        return ticks
    }

    /// `10⁵` with superscript digits, or `1000` / `0.01` when `plain`.
    static func powerOfTen(_ exponent: Int, plain: Bool) -> String {
        if plain {
            return exponent >= 0 ? "1" + String(repeating: "0", count: exponent)
                                 : "0." + String(repeating: "0", count: -exponent - 1) + "1"
        }
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }

    /// A tick label with as many decimals as the step needs; scientific beyond 10⁶ or below 10⁻³.
    static func format(_ value: Double, step: Double, magnitude: Double) -> String {
        if abs(value) < step * 1e-6 {
            let decimals = magnitude >= 1e6 || magnitude < 1e-3 ? 0 : max(0, min(10, Int((-log10(step) - 1e-9).rounded(.up))))
            return String(format: "%.\(decimals)f", 0.0)
        }
        let text: String
        if magnitude >= 1e6 || magnitude < 1e-3 {
            let exponent = Int(log10(abs(value)).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            let decimals = max(0, min(6, Int((log10(abs(value)) - log10(step)).rounded(.down))))
            var digits = String(format: "%.\(decimals)f", mantissa)
            if digits.contains(".") {
                while digits.hasSuffix("0") { digits.removeLast() }
                if digits.hasSuffix(".") { digits.removeLast() }
            }
            text = "\(digits)e\(exponent)"
        } else {
            let decimals = max(0, min(10, Int((-log10(step) - 1e-9).rounded(.up))))
            var digits = String(format: "%.\(decimals)f", value)
            // A step like 2.5 needs one decimal more than its magnitude says.
            if decimals == 0, step != step.rounded() { digits = String(format: "%.1f", value) }
            text = digits
        }
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}

/// A continuous axis: a domain, a scale and the ticks that label it.
struct ContinuousAxis {
    var scale: AxisScale
    var lower: Double
    var upper: Double

    /// 0 at `lower`, 1 at `upper`; nil for values the scale cannot show.
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .log:
            guard value > 0 else { return nil }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    func ticks(target: Int) -> [Tick] {
        switch scale {
        case .linear: return TickGenerator.linear(lower: lower, upper: upper, target: target)
        // Decades are cheap to read: allow twice as many labels as on a linear axis.
        case .log: return TickGenerator.log(lower: lower, upper: upper, target: target * 2)
        }
    }

    /// The domain that shows `values` (with 5% margins where `pad`), always non-empty.
    static func fitting(_ values: [Double], scale: AxisScale, pad: Bool, includeZero: Bool) -> ContinuousAxis {
        switch scale {
        case .linear:
            var finite = values.filter { $0.isFinite }
            if includeZero { finite.append(0) }
            guard var low = finite.min(), var high = finite.max() else { return ContinuousAxis(scale: .linear, lower: 0, upper: 1) }
            if low == high {
                let delta = low == 0 ? 1 : abs(low) * 0.1
                low -= delta
                high += delta
            } else if pad {
                let margin = (high - low) * 0.05
                if !(includeZero && low == 0) { low -= margin }
                if !(includeZero && high == 0) { high += margin }
            }
            return ContinuousAxis(scale: .linear, lower: low, upper: high)
        case .log:
            let positive = values.filter { $0.isFinite && $0 > 0 }
            guard let low = positive.min(), let high = positive.max() else { return ContinuousAxis(scale: .log, lower: 1, upper: 10) }
            var lower = pow(10, log10(low).rounded(.down))
            var upper = pow(10, log10(high).rounded(.up))
            if upper <= lower { upper = lower * 10 }
            // Bars start at the axis: keep them visible by leaving a decade below the smallest one.
            if includeZero, lower >= low { lower /= 10 }
            return ContinuousAxis(scale: .log, lower: lower, upper: upper)
        }
    }
}
