/// One input from the terminal, already decoded (GateboardTerminal turns ncurses codes into these).
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace, delete
    case home, end, pageUp, pageDown
    /// Ctrl + a letter (`.ctrl("c")`). Ctrl-C always quits.
    case ctrl(Character)
    /// The terminal changed size.
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
    /// Bracketed paste: the pasted text in one piece.
    case paste(String)
}

public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case click, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
