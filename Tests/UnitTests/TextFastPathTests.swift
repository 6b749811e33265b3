import Foundation
import Testing
@testable import Pipeline

/// The validator's and the gallery's one-pass text helpers give exactly what the general, slower forms gave.
@Suite("Text fast paths")
struct TextFastPathTests {
    static let samples = [
        "", " ", "Why does Mara open the gate?", "A1 b2-C3_d4 e5.f6!g7?h8\r\ni9\tj10",
        "Tom's \"red\" car <b>fast</b> & safe; 42km/h, 3.5 m... [frame 7] {json}", "ALL CAPS AND digits 0123456789",
        "trailing word", "  leading  and   double  spaces  ", "x", "~`@#$%^*()+=|\\/", String(repeating: "ab cd ", count: 500),
    ]
    /// Texts outside ASCII take the general path (the fast one declines them).
    static let unicodeSamples = ["Ünïcode café", "e\u{301}toile naïve", "日本語 text", "Zoë's — “quoted”", "١٢٣ arabic digits"]

    @Test("ASCII words in one pass are the general path's words; other texts are left to the general path")
    func asciiWords() throws {
        for text in Self.samples {
            let general = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            #expect(TextTokens.asciiWords(text) == general, "\(text.debugDescription)")
            #expect(TextTokens.words(text) == general)
        }
        for text in Self.unicodeSamples {
            #expect(TextTokens.asciiWords(text) == nil, "\(text)")
            #expect(TextTokens.words(text) == text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        }
        #expect(TextTokens.contentWords("The walkers were walking home") == ["walker", "walk", "home"])
    }

    @Test("the gallery's one-pass escape is the five chained replacements")
    func galleryEscape() throws {
        let writer = GalleryWriter(layout: OutputLayout(root: "/tmp"))
        for text in Self.samples + Self.unicodeSamples + ["&amp; already", "<'\">&", "a&b<c>d\"e'f", "&&&&", "é<é"] {
            let chained = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&#39;")
            #expect(writer.escape(text) == chained, "\(text.debugDescription)")
        }
    }
}
