import Models
import Clients
import DreamFrameCore
import Foundation

/// Writes `<out>/<run>/index.html`: a static gallery of the run's finished movies — title, genre, style, overview,
/// a strip of frames and the QA — that opens from disk with no server. A few lines of script count the images that
/// loaded and flag broken ones on the page (and in `body[data-images-broken]`, which the tests read).
public struct GalleryWriter: Sendable {
    public let layout: OutputLayout
    /// Frames shown per movie, evenly spaced through the story.
    public var stripLength: Int

    public init(layout: OutputLayout, stripLength: Int = 16) {
        self.layout = layout
        self.stripLength = stripLength
    }

    /// The gallery's HTML for `records`.
    public func html(runId: String, records: [MovieRecord]) -> String {
        header(runId: runId, movies: records.count) + records.map { section(runId: runId, record: $0) }.joined() + footer
    }

    /// One movie's section: title, genre, style, overview, a strip of frames and the QA.
    func section(runId: String, record: MovieRecord) -> String {
        let movie = MovieRef(runId: runId, movieId: record.videoId)
        let overview = Self.overview(of: layout.story(movie))
        let folder = "videos/\(OutputLayout.sanitize(record.videoId))"
        let count = max(record.frames, 0)
        let picks = count == 0 ? [] : Array(Set((0..<min(stripLength, count)).map { 1 + $0 * count / min(stripLength, count) })).sorted()
        let strip = picks.map {
            "<img loading=\"eager\" src=\"\(folder)/frames/\(OutputLayout.frameFileName($0))\" alt=\"frame \($0)\" title=\"frame \($0)\">"
        }.joined()
        let hasVideo = FileManager.default.fileExists(atPath: layout.movieDirectory(movie).appendingPathComponent("video.mp4").path)
        let qa = record.kept.map { "<li><b>\(escape($0.question))</b><br>\(escape($0.answer))</li>" }.joined()
        let rejected = record.rejected.map {
            "<li><b>\(escape($0.question))</b><br>\(escape($0.answer))<br><i>\($0.reasons.map(\.rawValue).joined(separator: ", "))</i></li>"
        }.joined()
        return """
        <section class="movie" id="\(escape(record.videoId))">
          <h2>\(escape(record.title))</h2>
          <p class="meta"><bdi>\(escape(record.genre))</bdi> · <bdi>\(escape(record.style))</bdi> style · \(record.frames) frames · \(record.kept.count) QA\(hasVideo ? " · <a href=\"\(folder)/video.mp4\">video.mp4</a>" : "") · <a href="\(folder)/story.json">story.json</a></p>
          <p class="overview">\(escape(overview))</p>
          <div class="strip">\(strip)</div>
          <details open><summary>QA (\(record.kept.count))</summary><ol>\(qa)</ol></details>
          \(rejected.isEmpty ? "" : "<details><summary>Rejected by the validator (\(record.rejected.count))</summary><ol>\(rejected)</ol></details>")
        </section>

        """
    }

    /// The page up to the first movie's section.
    func header(runId: String, movies: Int) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>DreamFrame — \(escape(runId))</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
        .meta{color:#666}.strip{display:flex;gap:4px;overflow-x:auto;padding:4px 0}
        .strip img{height:96px;border-radius:3px}img.broken{outline:3px solid red}
        #broken{display:none;background:#fdd;padding:.5em}section{border-top:1px solid #ddd;padding-top:1em}
        </style></head>
        <body>
        <h1>DreamFrame run \(escape(runId))</h1>
        <p>\(movies) movies · <a href="dataset/README.md">dataset card</a> · <a href="dataset/videoinstruct.json">videoinstruct.json</a> · <a href="dataset/conversations.json">conversations.json</a></p>
        <p id="broken">Some frames did not load: is the run's videos/ folder next to this page?</p>

        """
    }

    /// The page after the last movie's section.
    let footer = """

        <script>
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images), broken = 0;
          images.forEach(function (img) { if (!img.complete || img.naturalWidth === 0) { broken++; img.classList.add('broken'); } });
          document.body.dataset.imagesLoaded = String(images.length - broken);
          document.body.dataset.imagesBroken = String(broken);
          if (broken) { document.getElementById('broken').style.display = 'block'; }
        });
        </script>
        </body></html>

        """

    /// A story file as of one version of it: its path, size and modification time.
    struct StoryVersion: Hashable, Sendable {
        var path: String
        var size: Int
        var modified: Double
    }

    /// Each story's overview, by the story file's version: a run's gallery is rewritten on every export, and decoding
    /// every finished movie's story again (~1.4 MB of JSON at 11,11,11) made each export cost more than the one
    /// before — the validator fell behind the renderers at 200 movies.
    private static let overviews = BoundedMemo<StoryVersion, String>(capacity: 4096)

    /// The overview of the story at `url` ("" when it cannot be read).
    static func overview(of url: URL) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = (attributes[.size] as? NSNumber)?.intValue,
              let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 else { return "" }
        return overviews.value(for: StoryVersion(path: url.path, size: size, modified: modified)) {
            (try? StoryDocument.load(url))?.overview ?? ""
        }
    }

    /// Writes the gallery for the run's records.
    public func write(runId: String, records: [MovieRecord]) throws -> URL {
        var stream = try Stream(writer: self, runId: runId)
        try records.forEach { try stream.add($0) }
        return try stream.commit()
    }

    /// `text` (a model's title, genre, style, overview or QA) as HTML text or a double-quoted attribute value: the
    /// five characters that could end either or start markup are entities, so it shows literally and runs nothing.
    /// Genre and style share a line with our own words, so they also sit in `<bdi>`: a right-to-left override in
    /// them cannot reorder the rest of the line.
    /// One pass over the text's bytes (five chained replacements cost the validator's exports more than the rest of
    /// the page).
    func escape(_ text: String) -> String {
        let special: (UInt8) -> Bool = { [0x26, 0x3C, 0x3E, 0x22, 0x27].contains($0) }
        guard text.utf8.contains(where: special) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        var plain = text.utf8.startIndex
        var index = plain
        while index != text.utf8.endIndex {
            let byte = text.utf8[index]
            if special(byte) {
                escaped += text[plain..<index]
                switch byte {
                case 0x26: escaped += "&amp;"
                case 0x3C: escaped += "&lt;"
                case 0x3E: escaped += "&gt;"
                case 0x22: escaped += "&quot;"
                default: escaped += "&#39;"
                }
                plain = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        escaped += text[plain...]
        return escaped
    }
}
