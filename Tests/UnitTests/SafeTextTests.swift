import DreamFrameCLI
import DreamFrameCore
import Foundation
import Logging
@testable import Pipeline
import Testing
import TestSupport

/// The cleaning every outside text gets before it is a log line, a header, a path component or a Markdown cell.
@Suite("Safe text: log lines, headers, path components, Markdown cells")
struct SafeTextTests {
    @Test("control, separator and bidirectional characters are escaped, idempotently; safe text is kept as is")
    func escaping() {
        #expect(SafeText.escaped(HostileText.lineBreak) == #"ok\u{d}\u{a}X-Injected: 1\u{d}\u{a}[critical] forged log line"#)
        #expect(SafeText.escaped("\(HostileText.nul)\(HostileText.terminalEscape)\u{7F}\u{85}\u{2028}\t")
                == #"a\u{0}b\u{1b}[2J\u{7f}\u{85}\u{2028}\u{9}"#)
        #expect(SafeText.escaped(HostileText.rightToLeft) == #"\u{202e}gpj.exe"#)
        #expect(SafeText.escaped("\u{2066}x\u{2069}\u{200F}\u{061C}") == #"\u{2066}x\u{2069}\u{200f}\u{61c}"#)
        for text in HostileText.admissible + [HostileText.nul, HostileText.terminalEscape] {
            let once = SafeText.escaped(text)
            #expect(!once.unicodeScalars.contains(where: SafeText.isUnsafe))
            #expect(SafeText.escaped(once) == once)
        }
        let fine = "Ünïcödé, emoji 🎬, <b>markup</b>, ../path and $(shell): not ours to escape here"
        #expect(SafeText.escaped(fine) == fine && SafeText.line(fine, maxBytes: 500) == fine)
    }

    @Test("a line is bounded in bytes, cut on a scalar boundary and never inside an escape")
    func bounded() {
        let huge = HostileText.combining(bytes: 1_000_000)
        #expect(huge.count == 1, "one character")
        let cut = SafeText.line(huge, maxBytes: 2000)
        #expect(cut.utf8.count <= 2000 && cut.hasSuffix("…") && cut.unicodeScalars.starts(with: "e\u{301}".unicodeScalars))
        let escapes = SafeText.line(String(repeating: "\u{0}", count: 1000), maxBytes: 100)
        #expect(escapes.utf8.count <= 100 && escapes.hasSuffix(#"\u{0}…"#), "\(escapes)")
        #expect(SafeText.line("short", maxBytes: 5) == "short" && SafeText.line("longer", maxBytes: 5) == "lo…")
    }

    @Test("the log handler writes one line per event: message, metadata, nested metadata and errors cleaned")
    func logHandler() {
        let safe = LogCapture(), plain = LogCapture()
        for capture in [safe, plain] {
            var logger = capture.logger(safe: capture === safe)
            logger[metadataKey: "run"] = "\(HostileText.lineBreak)"
            logger.info("plot \(HostileText.terminalEscape) written", metadata: [
                "title": "\(HostileStoryModel.title)", "list": ["\(HostileText.rightToLeft)"],
                "nested": ["k\n": "\(HostileText.nul)"], "huge": "\(HostileText.combining(bytes: 100_000))",
            ])
        }
        #expect(plain.lineFeeds > plain.events, "a bare StreamLogHandler lets the text break its line")
        #expect(safe.events == 1 && safe.lineFeeds == 1)
        #expect(!safe.text.unicodeScalars.contains { SafeText.isUnsafe($0) && $0 != "\n" })
        #expect(safe.text.contains(#"title=<script>"#) && safe.text.contains(#"\u{d}\u{a}X-Injected: 1"#))
        #expect(safe.text.contains(#"plot \u{1b}[2J written"#) && safe.text.contains(#"list=["\\u{202e}gpj.exe"]"#))
        #expect(safe.text.utf8.count < 6 * SafeLogHandler.maxValueBytes, "each value bounded: \(safe.text.utf8.count) bytes")
    }

    @Test("path components: traversal, absolute, hidden, flag-like, shell and non-ASCII ids become one safe component")
    func pathComponents() {
        let cases = [("../../etc/x", "_._.._etc_x"), ("/abs", "_abs"), (".hidden", "_hidden"), ("..", "_."),
                     ("-rf", "_rf"), ("--help", "_-help"), ("$(touch x)", "__touch_x_"), ("a\u{0}b", "a_b"),
                     ("\u{202E}gpj", "_gpj"), ("", "_")]
        for (id, safe) in cases {
            #expect(OutputLayout.sanitize(id) == safe, "\(id.debugDescription)")
            #expect(FieldRules.id(OutputLayout.sanitize(id), maxBytes: 200) == nil, "the safe form passes the door")
        }
        #expect(OutputLayout.sanitize(String(repeating: "x", count: 300)).utf8.count == 200)
        let layout = OutputLayout(root: "/srv/out")
        let style = layout.style(runId: "run-1", styleId: "../../../etc/passwd")
        #expect(style.path == "/srv/out/run-1/styles/_._.._.._etc_passwd.json")
        #expect(layout.frame(MovieRef(runId: "..", movieId: "/etc"), index: 1).path == "/srv/out/_./videos/_etc/frames/0001.png")
    }

    @Test("a Markdown cell shows the text literally: punctuation escaped, one line, bounded")
    func markdownCell() {
        #expect(MarkdownText.cell("<img src=x>") == #"\<img src\=x\>"#)
        #expect(MarkdownText.cell("a | b\n# c") == ##"a \| b\\u\{a\}\# c"##)
        #expect(MarkdownText.cell("[x](javascript:alert(1)) `y` *z* $m$ &lt;")
                == #"\[x\]\(javascript\:alert\(1\)\) \`y\` \*z\* \$m\$ \&lt\;"#)
        #expect(MarkdownText.cell("Drama") == "Drama")
        #expect(MarkdownText.cell(String(repeating: "<", count: 1000)).utf8.count <= 2 * 200)
    }
}
