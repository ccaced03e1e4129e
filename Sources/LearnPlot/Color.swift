/// An sRGB colour with alpha, 8 bits a channel.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public var alpha: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from `0xRRGGBB`, e.g. `Color(hex: 0x1f77b4)`.
    public init(hex: UInt32, alpha: UInt8 = 255) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff), alpha: alpha)
    }

    /// The same colour with opacity `opacity` (0…1).
    public func opacity(_ opacity: Double) -> Color {
        var copy = self
        copy.alpha = UInt8((max(0, min(1, opacity)) * 255).rounded())
        return copy
    }

    /// `#rrggbb`, as SVG writes colours.
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [red, green, blue] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 0xf)])
        }
        return text
    }

    public var description: String { alpha == 255 ? hexString : "\(hexString) alpha \(alpha)" }

    /// Linear interpolation towards `other`; `t` in 0…1.
    func mixed(with other: Color, _ t: Double) -> Color {
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return Color(red: lerp(red, other.red), green: lerp(green, other.green),
                     blue: lerp(blue, other.blue), alpha: lerp(alpha, other.alpha))
    }

    public static let black = Color(hex: 0x000000)
    public static let white = Color(hex: 0xffffff)
    public static let gray = Color(hex: 0x7f7f7f)
    public static let lightGray = Color(hex: 0xdddddd)
    public static let red = Color(hex: 0xd62728)
    public static let green = Color(hex: 0x2ca02c)
    public static let blue = Color(hex: 0x1f77b4)
    public static let orange = Color(hex: 0xff7f0e)
    public static let purple = Color(hex: 0x9467bd)
    public static let clear = Color(red: 0, green: 0, blue: 0, alpha: 0)

    /// The colours successive series get (matplotlib's "tab10" cycle).
    public static let palette: [Color] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { Color(hex: $0) }

    /// The `index`-th palette colour, cycling.
    public static func palette(_ index: Int) -> Color {
        palette[((index % palette.count) + palette.count) % palette.count]
    }
}

/// Maps a value in 0…1 to a colour, for heat maps.
public struct Colormap: Sendable {
    /// Evenly spaced colour stops from 0 to 1.
    public var stops: [Color]

    public init(stops: [Color]) {
        precondition(stops.count >= 2, "a colormap needs at least two stops")
        self.stops = stops
    }

    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0 : max(0, min(1, t))
        let position = clamped * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }

    /// Perceptually uniform dark blue → green → yellow (matplotlib's default).
    public static let viridis = Colormap(stops: [0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                                                 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725].map { Color(hex: $0) })
    /// Blue ↔ white ↔ red, for values on both sides of a midpoint (decision boundaries).
    public static let coolwarm = Colormap(stops: [0x3b4cc0, 0x7b9ff9, 0xc0d4f5, 0xf2cbb7, 0xee8468, 0xb40426].map { Color(hex: $0) })
    /// Black → white.
    public static let grays = Colormap(stops: [.black, .white])
    /// Light blue → light orange, soft enough to put scatter points on (two-class boundaries).
    public static let pastel = Colormap(stops: [0xaec7e8, 0xf7f7f7, 0xffbb78].map { Color(hex: $0) })
}
