/// ANSI styling that turns itself off: with `color == false` every function returns its text unchanged.
public struct Style: Sendable, Hashable {
    /// Whether escapes are emitted.
    public var color: Bool

    /// Creates a style.
    public init(color: Bool) {
        self.color = color
    }

    private func wrap(_ text: String, _ code: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Bold text.
    public func bold(_ text: String) -> String { wrap(text, "1") }
    /// Red text.
    public func red(_ text: String) -> String { wrap(text, "31") }
    /// Bold red text.
    public func boldRed(_ text: String) -> String { wrap(text, "1;31") }
    /// Green text.
    public func green(_ text: String) -> String { wrap(text, "32") }
    /// Bold green text.
    public func boldGreen(_ text: String) -> String { wrap(text, "1;32") }
    /// Yellow text.
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    /// Bold yellow text.
    public func boldYellow(_ text: String) -> String { wrap(text, "1;33") }
    /// Magenta text.
    public func magenta(_ text: String) -> String { wrap(text, "35") }
    /// Cyan text.
    public func cyan(_ text: String) -> String { wrap(text, "36") }
    /// Bold cyan text.
    public func boldCyan(_ text: String) -> String { wrap(text, "1;36") }
    /// Dim text.
    public func dim(_ text: String) -> String { wrap(text, "2") }

    /// `error:` in bold red.
    public var errorLabel: String { boldRed("error:") }
}
