import BuiltInModels
import Clients
import DreamFrameCLI
import DreamFrameCore
import Foundation
@testable import HTTPModels
import Models
@testable import Pipeline
import Testing
import TestSupport

/// A model's text is input too (README "Hostile input"): a movie whose every model-written text is hostile
/// (``HostileStoryModel``) runs through the real handlers and runtime, and none of its text becomes a path, a
/// header, an argument, markup or a log line of its own.
@Suite("Hostile model output")
struct HostileOutputTests {
    @Test("a movie whose every text is hostile: files exactly the layout, texts kept as text everywhere")
    func hostileMovie() async throws {
        try? FileManager.default.removeItem(atPath: HostileText.pwnedFile)
        let container = try TestPaths.temporaryDirectory("df-hostile")
        defer { try? FileManager.default.removeItem(at: container) }
        let logs = LogCapture(), images = RecordingImageModel()
        let pipeline = try InMemoryPipeline(storyModel: HostileStoryModel(), imageModel: images, learner: InstantStyleLearner(),
                                            root: container.appendingPathComponent("out"), logger: logs.logger(),
                                            makeVideo: VideoMaker.ffmpeg != nil)
        let run = InMemoryPipeline.run(movies: 1, branching: Branching(substories: 2, tinystories: 2, keyframes: 2))
        let movie = try #require(try await pipeline.submit(run).first)
        let outcome = await pipeline.drain()
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map { $0.headers[MessageHeaders.error]?.stringValue ?? "" })")
        #expect(try await pipeline.store.movieFields(movie)[MovieField.state.rawValue] == MovieState.done.rawValue)

        // Files: nothing beside the output root, nothing in it the layout does not name, no shell ran.
        #expect(try FileManager.default.contentsOfDirectory(atPath: container.path) == ["out"])
        let styleId = try #require(try await pipeline.store.movieFields(movie)[MovieField.styleId.rawValue])
        #expect(OutputLayout.sanitize(styleId) == styleId && FieldRules.id(styleId, maxBytes: 200) == nil,
                "the style id made from the keyword '\(HostileStoryModel.style.keyword)' is a door id: \(styleId)")
        let videos = "\(run.runId)/videos/\(movie.movieId)"
        var expected: Set<String> = ["\(videos)/story.json", "\(videos)/record.json", "\(videos)/.dataset-piece",
                                     "\(run.runId)/styles/\(styleId).json",
                                     "\(run.runId)/index.html", "\(run.runId)/dataset/README.md"]
        expected.formUnion(["videoinstruct", "conversations", "rejects"].map { "\(run.runId)/dataset/\($0).json" })
        expected.formUnion((1...run.branching.framesPerMovie).map { "\(videos)/frames/\(OutputLayout.frameFileName($0))" })
        if VideoMaker.ffmpeg != nil { expected.insert("\(videos)/video.mp4") }
        // How the frames were rendered: a file named by the settings' hash (the renderer's, not the model's text).
        let renderers = try FileManager.default.contentsOfDirectory(atPath: pipeline.layout.rendererSettings(run.runId).path)
        #expect(renderers.count == 1 && renderers.allSatisfy { $0.wholeMatch(of: /[0-9a-f]+\.json/) != nil }, "\(renderers)")
        expected.formUnion(renderers.map { "\(run.runId)/renderers/\($0)" })
        #expect(Self.files(under: pipeline.layout.root) == expected)
        #expect(!FileManager.default.fileExists(atPath: HostileText.pwnedFile), "no shell ran the model's text")

        // story.json and record.json keep every text exactly, as JSON strings (no raw CR, NUL or other control byte).
        let story = try StoryDocument.load(pipeline.layout.story(movie))
        #expect(story.title == HostileStoryModel.title && story.genre == HostileStoryModel.genre)
        #expect(story.style == HostileStoryModel.style && story.overview == HostileStoryModel.overview)
        #expect(story.characters?.map(\.name) == (0..<(story.characters?.count ?? 0)).map(HostileStoryModel.name))
        #expect(story.dialogue.contains { $0.contains(HostileText.lineBreak) })
        let record = try JSONDecoder().decode(MovieRecord.self, from: Data(contentsOf: pipeline.layout.record(movie)))
        #expect(record.title == HostileStoryModel.title && record.style == HostileStoryModel.style.keyword)
        #expect((record.kept + record.rejected).contains { $0.answer.contains(HostileText.imageError) })
        for url in [pipeline.layout.story(movie), pipeline.layout.record(movie)] {
            #expect(!(try Data(contentsOf: url)).contains { $0 < 0x20 && $0 != 0x0A }, "\(url.lastPathComponent): only JSON escapes")
        }

        // The gallery holds the markup only as text; the card only as escaped text (see also GalleryEscapingTests).
        let html = try String(contentsOf: pipeline.layout.runDirectory(run.runId).appendingPathComponent("index.html"), encoding: .utf8)
        for markup in HostileText.markup { #expect(!html.contains(markup), "raw in the gallery: \(markup)") }
        #expect(html.contains(Self.htmlEscaped(HostileStoryModel.title)) && html.contains(Self.htmlEscaped(HostileStoryModel.genre)))
        let card = try String(contentsOf: pipeline.layout.datasetDirectory(run.runId).appendingPathComponent("README.md"), encoding: .utf8)
        try Self.expectLiteralCell(HostileStoryModel.genre, under: "## Genres", in: card)
        try Self.expectLiteralCell(HostileStoryModel.style.keyword, under: "## Styles", in: card)

        // Every render went out with the hostile text in the prompt only; ffmpeg's argv names no model text.
        #expect(images.requests.count == run.branching.framesPerMovie)
        #expect(images.requests.allSatisfy { $0.prompt.contains(HostileStoryModel.style.keyword) })
        for request in images.requests { try HostileRequestTests.expectTextOnlyInBody(request) }
        let arguments = VideoMaker.arguments(movie: movie, layout: pipeline.layout, output: pipeline.layout.movieDirectory(movie)
            .appendingPathComponent("video.mp4"), framesPerSecond: 2)
        HostileRequestTests.expectNoModelText(in: arguments, movieDirectory: pipeline.layout.movieDirectory(movie))

        // Logs: one line per event, the title in it escaped.
        #expect(logs.events > 0)
        #expect(logs.lineFeeds == logs.events)
        #expect(!logs.text.unicodeScalars.contains { SafeText.isUnsafe($0) && $0 != "\n" })
        #expect(logs.text.contains("title=\(SafeText.escaped(HostileStoryModel.title))"))
    }

    @Test("a plot the door refuses (NUL, escape, 300-byte genre) is dead-lettered at the next stage with a clean reason, writing nothing")
    func refusedPlot() async throws {
        let container = try TestPaths.temporaryDirectory("df-hostile-refused")
        defer { try? FileManager.default.removeItem(at: container) }
        let logs = LogCapture()
        let model = EditedStoryModel { plot in
            plot.title = "\(HostileText.nul)\(HostileText.terminalEscape)\(HostileText.lineBreak)"
            plot.genre = String(repeating: HostileText.script, count: 6)
        }
        let pipeline = try InMemoryPipeline(storyModel: model, imageModel: RecordingImageModel(), learner: InstantStyleLearner(),
                                            root: container.appendingPathComponent("out"), logger: logs.logger())
        let run = InMemoryPipeline.run(movies: 1, branching: Branching(substories: 2, tinystories: 1, keyframes: 1))
        try await pipeline.submit(run)
        let outcome = await pipeline.drain()
        #expect(outcome.deadLetters.count == 2, "both substories refused")
        for letter in outcome.deadLetters {
            let reason = letter.headers[MessageHeaders.error]?.stringValue ?? ""
            #expect(reason.contains("body.request.movie.title") && reason.contains(#"\u{0}"#), "reason: \(reason)")
        }
        Self.expectCleanHeaders(pipeline.publisher.published)
        #expect(Self.files(under: pipeline.layout.root).isEmpty, "nothing on disk")
        #expect(!logs.text.unicodeScalars.contains { SafeText.isUnsafe($0) && $0 != "\n" })
    }

    @Test("a model error quoting hostile text: retry and dead-letter headers one clean line of at most 2000 bytes")
    func hostileModelError() async throws {
        let answer = "\(HostileText.lineBreak)\(HostileText.terminalEscape)\(HostileText.rightToLeft)\(HostileText.nul)"
            + HostileText.combining(bytes: 200_000)
        let logs = LogCapture()
        let model = FlakyStoryModel(BuiltInStoryModel(), failures: 100, error: .transient("the answer is not JSON: \(answer)"))
        let pipeline = try InMemoryPipeline(storyModel: model, imageModel: RecordingImageModel(), learner: InstantStyleLearner(),
                                            maxAttempts: 2, logger: logs.logger())
        try await pipeline.submit(InMemoryPipeline.run(movies: 1, branching: Branching(substories: 1, tinystories: 1, keyframes: 1)))
        let outcome = await pipeline.drain()
        #expect(outcome.retried == 1 && outcome.deadLetters.count == 1)
        let reason = try #require(outcome.deadLetters.first?.headers[MessageHeaders.error]?.stringValue)
        #expect(reason.hasPrefix("gave up after 2 attempts") && reason.contains(#"not JSON: ok\u{d}\u{a}X-Injected: 1"#),
                "\(reason.prefix(160))")
        #expect(reason.hasSuffix("…"))
        Self.expectCleanHeaders(pipeline.publisher.published)
        #expect(logs.lineFeeds == logs.events)
        #expect(logs.text.utf8.count < logs.events * 2 * SafeLogHandler.maxValueBytes, "log lines bounded")
    }

    /// Every `x-df-` text header of `messages`: no unsafe scalar, at most 2000 bytes.
    static func expectCleanHeaders(_ messages: [OutgoingMessage], sourceLocation: SourceLocation = #_sourceLocation) {
        for message in messages {
            for (name, value) in message.headers {
                guard let text = value.stringValue else { continue }
                #expect(!text.unicodeScalars.contains(where: SafeText.isUnsafe), "\(name) is one clean line", sourceLocation: sourceLocation)
                #expect(text.utf8.count <= 2000, "\(name) is \(text.utf8.count) bytes", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every file below `root`, relative to it.
    static func files(under root: URL) -> Set<String> {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var found: Set<String> = []
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
               !isDirectory.boolValue { found.insert(path) }
        }
        return found
    }

    /// `text` as HTML text: what the gallery must show it as.
    static func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Expects the one table row below `heading` in the card to be `| cell | 1 |` on a line of its own, its cell a
    /// literal: every ASCII punctuation character backslash-escaped (CommonMark then shows it as itself), and the
    /// cell, unescaped, the start of `text` as one line.
    static func expectLiteralCell(_ text: String, under heading: String, in card: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = card.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: heading), sourceLocation: sourceLocation)
        #expect(lines[start + 4].isEmpty, "one row only: \(lines[start + 4])", sourceLocation: sourceLocation)
        let row = lines[start + 3]
        #expect(row.hasPrefix("| ") && row.hasSuffix(" | 1 |"), "row: \(row)", sourceLocation: sourceLocation)
        let cell = row.dropFirst(2).dropLast(6)
        var shown = "", escaping = false
        for character in cell {
            if escaping { shown.append(character); escaping = false; continue }
            if character == "\\" { escaping = true; continue }
            #expect(!(character.isASCII && (character.isPunctuation || character.isSymbol)),
                    "'\(character)' is live Markdown in \(row)", sourceLocation: sourceLocation)
            shown.append(character)
        }
        let oneLine = SafeText.escaped(text)
        #expect(oneLine.hasPrefix(shown.replacingOccurrences(of: "…", with: "")) && shown.count > 20,
                "shown as '\(shown)'", sourceLocation: sourceLocation)
    }
}

/// The built-in story model with each plot edited.
struct EditedStoryModel: StoryModel {
    let inner = BuiltInStoryModel()
    let edit: @Sendable (inout MoviePlot) -> Void

    func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        var plot = try inner.plot(request)
        edit(&plot)
        return plot
    }

    func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion { try inner.substoryExpansion(request) }
    func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion { try inner.tinystoryExpansion(request) }
    func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? { nil }
}
