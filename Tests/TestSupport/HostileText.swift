import Foundation

/// What a model (or whoever answers in its place) might write to break out of where its text goes: a path, a
/// shell, an HTTP header, a log line, an HTML page, a Markdown card, a terminal.
public enum HostileText {
    /// Path tricks.
    public static let traversal = "../../etc/x"
    public static let absolute = "/abs/pwned"
    /// Shell tricks; `pwnedFile` is what they would create.
    public static let pwnedFile = "/tmp/dreamframe-pwned"
    public static let substitution = "$(touch \(pwnedFile))"
    public static let backticks = "`touch \(pwnedFile)`"
    public static let semicolon = ";rm -rf ~"
    /// A header or log line of its own after a line break.
    public static let lineBreak = "ok\r\nX-Injected: 1\r\n[critical] forged log line"
    /// A right-to-left override: what follows it shows reversed.
    public static let rightToLeft = "\u{202E}gpj.exe"
    /// A terminal escape (clears the screen); the door refuses it in messages.
    public static let terminalEscape = "\u{1b}[2J"
    /// A NUL; the door refuses it in messages.
    public static let nul = "a\u{0}b"

    /// Markup that sets `body[data-pwned]` when it runs, each its own number (1-5).
    public static let script = "<script>document.body.setAttribute('data-pwned','1')</script>"
    public static let imageError = "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
    public static let attributeBreak = "\"><svg onload=\"document.body.setAttribute('data-pwned','3')\">"
    public static let elementBreak = "</textarea></title></script><script>document.body.setAttribute('data-pwned','4')</script>"
    public static let singleQuoteBreak = "' onmouseover='document.body.setAttribute(\"data-pwned\",\"5\")' x='"
    /// Every piece of markup above.
    public static let markup = [script, imageError, attributeBreak, elementBreak, singleQuoteBreak]

    /// Everything above the door lets through in a message's text (no control characters but tab, CR and LF).
    public static let admissible = [traversal, absolute, substitution, backticks, semicolon, lineBreak, rightToLeft] + markup

    /// Markdown that would be markup or a link once rendered.
    public static let markdown = "| cell | break |\n# heading [link](javascript:alert(1)) **bold** `code` $x$ &lt;"

    /// `count` bytes of one character: an `e` carrying combining acute accents — one grapheme however long, so
    /// a bound in characters lets all of it through.
    public static func combining(bytes count: Int) -> String {
        "e" + String(repeating: "\u{301}", count: max(0, count - 1) / 2)
    }
}
