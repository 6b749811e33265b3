import Foundation
import Pipeline
import Testing
import TestSupport

/// The gallery of a movie whose title, genre, style, character names, overview, dialogue and QA are markup
/// (``HostileMovie``), opened in a real browser: no injected script runs, no injected element or attribute exists,
/// and the markup shows as the text it is.
@Suite("Gallery escaping in headless Chromium")
struct GalleryEscapingTests {
    /// The elements the gallery itself writes.
    static let ownElements: Set<String> = ["html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "a", "section",
                                           "bdi", "div", "img", "details", "summary", "ol", "li", "b", "br", "i", "script"]

    @Test("markup in every model text: nothing runs, nothing is injected, all of it shows literally")
    func hostileGallery() async throws {
        let root = try TestPaths.temporaryDirectory("df-gallery-hostile")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = OutputLayout(root: root.path)
        let movie = try await HostileMovie.export(layout: layout)
        let page = try await GalleryCheck.open(layout.runDirectory(movie.runId).appendingPathComponent("index.html"))
        let dom = page.dom

        // The page's own script ran (it counted the frames) and every image is one of our frames.
        #expect(page.broken == 0 && page.loaded == 8 && page.sources.count == 8, "loaded \(page.loaded), broken \(page.broken)")
        #expect(page.sources.allSatisfy { $0.hasPrefix("videos/\(movie.movieId)/frames/") }, "\(page.sources)")

        // No injected script ran: the body carries only the attributes our script sets.
        let tags = try Self.tags(in: dom)
        let body = try #require(tags.first { $0.name == "body" }, "a body in: \(dom.prefix(300))")
        #expect(body.attributes == ["data-images-loaded", "data-images-broken"], "body attributes: \(body.attributes)")
        #expect(!dom.contains("data-pwned=\""), "an injected handler set data-pwned")

        // No injected element or attribute exists: only our elements, one script (ours), no event handler.
        #expect(Set(tags.map(\.name)).isSubset(of: Self.ownElements), "elements: \(Set(tags.map(\.name)).subtracting(Self.ownElements))")
        #expect(tags.filter { $0.name == "script" }.count == 1)
        #expect(!tags.contains { $0.attributes.contains { $0.hasPrefix("on") } }, "an event handler attribute exists")

        // The markup is there as text, exactly (text nodes serialize with & < > escaped).
        for markup in HostileText.markup {
            #expect(dom.contains(Self.serializedText(markup)), "shown literally: \(markup)")
        }
        #expect(dom.contains("<h2>\(Self.serializedText(HostileText.script))"), "the title")
        #expect(dom.contains("<bdi>\(Self.serializedText(HostileText.imageError))"), "the genre")
        #expect(dom.contains("<bdi>-rf \(Self.serializedText(HostileText.attributeBreak))</bdi> style"), "the style keyword")
        #expect(dom.contains(Self.serializedText(HostileText.elementBreak) + " Ann"), "a character's name in the QA")
        #expect(dom.contains("<li><b>"), "QA listed")
    }

    /// A start tag of the serialized DOM: its element and attribute names.
    struct Tag {
        var name: String
        var attributes: [String]
    }

    /// Every start tag in `dom`. The serializer writes `<` in text as `&lt;` and attribute values in double quotes
    /// with `"` as `&quot;`, so a `<` followed by a letter starts an element and names outside quotes are attributes.
    static func tags(in dom: String) throws -> [Tag] {
        let tag = try Regex(#"<([A-Za-z][A-Za-z0-9-]*)((?:[^>"]|"[^"]*")*)>"#)
        let quoted = try Regex(#""[^"]*""#)
        return dom.matches(of: tag).compactMap { match in
            guard let name = match.output[1].substring, let rest = match.output[2].substring else { return nil }
            let attributes = String(rest).replacing(quoted, with: "").split(whereSeparator: \.isWhitespace)
                .map { String($0.prefix { $0 != "=" }).lowercased() }.filter { !$0.isEmpty && $0 != "/" }
            return Tag(name: name.lowercased(), attributes: attributes)
        }
    }

    /// `text` as the browser serializes a text node holding it.
    static func serializedText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\u{A0}", with: "&nbsp;")
    }
}
