/// What a piece of the screen *means*. Views pick a semantic style; a `Palette` decides how it
/// looks (colours when the terminal has them, attributes only in monochrome or with `NO_COLOR`).
public enum Style: Int, CaseIterable, Sendable, Hashable {
    case normal, dim, bold, header, headerDim, columnTitle, border, focusBorder, paneTitle
    case selected, selectedDim, badge, ok, warn, danger, halted, waived, key, message, error, modal, inputField
    case filterMatch
    /// Risk tier badges, from the policy's first (lowest) tier to its last (highest).
    case tierLow, tierMiddle, tierHigh
}

/// The eight ANSI colours. Views never name colours; palettes do.
public enum TerminalColor: Int, Sendable, Hashable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How one style is drawn: foreground/background (nil = the terminal's default, so the
/// user's own background shows through on dark and light themes) and attributes.
public struct Appearance: Equatable, Sendable, Hashable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ foreground: TerminalColor? = nil, on background: TerminalColor? = nil, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }
}

/// Semantic styles → appearances. The colour palette only uses colours that read on both dark
/// and light backgrounds (no white or black text on the default background; strong states get
/// a coloured background with a contrasting foreground).
public struct Palette: Sendable {
    public var usesColor: Bool
    private var table: [Appearance]

    public func appearance(_ style: Style) -> Appearance { table[style.rawValue] }

    public static let color = Palette(usesColor: true) { style in
        switch style {
        case .normal: Appearance()
        case .dim: Appearance(dim: true)
        case .bold: Appearance(bold: true)
        case .header: Appearance(.white, on: .blue, bold: true)
        case .headerDim: Appearance(.white, on: .blue)
        case .columnTitle: Appearance(.blue, bold: true)
        case .border: Appearance(dim: true)
        case .focusBorder: Appearance(.cyan, bold: true)
        case .paneTitle: Appearance(.cyan, bold: true)
        case .selected: Appearance(reverse: true, underline: false)
        case .selectedDim: Appearance(bold: true, underline: true)
        case .badge: Appearance(.magenta, bold: true)
        case .ok: Appearance(.green, bold: true)
        case .warn: Appearance(.black, on: .yellow)
        case .danger: Appearance(.red, bold: true)
        case .halted: Appearance(.white, on: .red, bold: true)
        case .waived: Appearance(.yellow, bold: true)
        case .key: Appearance(.cyan, bold: true)
        case .message: Appearance(.green)
        case .error: Appearance(.white, on: .red, bold: true)
        case .modal: Appearance()
        case .inputField: Appearance(underline: true)
        case .filterMatch: Appearance(.yellow, bold: true, underline: true)
        case .tierLow: Appearance(.green, bold: true)
        case .tierMiddle: Appearance(.yellow, bold: true)
        case .tierHigh: Appearance(.red, bold: true)
        }
    }

    /// No colours: meaning carried by bold, reverse, underline and the marks in the text.
    public static let monochrome = Palette(usesColor: false) { style in
        switch style {
        case .normal, .modal, .border: Appearance()
        case .dim, .headerDim: Appearance(dim: true)
        case .bold, .columnTitle, .paneTitle, .badge, .ok, .key, .danger, .waived: Appearance(bold: true)
        case .header: Appearance(bold: true, reverse: true)
        case .focusBorder: Appearance(bold: true)
        case .selected: Appearance(reverse: true)
        case .selectedDim: Appearance(bold: true, underline: true)
        case .warn, .halted, .error: Appearance(bold: true, reverse: true)
        case .message: Appearance()
        case .inputField, .filterMatch: Appearance(underline: true)
        case .tierLow: Appearance()
        case .tierMiddle: Appearance(bold: true)
        case .tierHigh: Appearance(bold: true, underline: true)
        }
    }

    init(usesColor: Bool, _ make: (Style) -> Appearance) {
        self.usesColor = usesColor
        self.table = Style.allCases.map(make)
    }

    /// `NO_COLOR` (any value, per no-color.org) or a terminal without colours → monochrome.
    public static func choose(environment: [String: String], terminalHasColors: Bool) -> Palette {
        if let v = environment["NO_COLOR"], !v.isEmpty { return .monochrome }
        return terminalHasColors ? .color : .monochrome
    }
}
