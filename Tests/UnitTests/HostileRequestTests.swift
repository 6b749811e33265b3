import Clients
import Foundation
import HTTPModels
import Models
import Pipeline
import Testing
import TestSupport

/// Where model text meets a request or a command: image servers get it in the JSON body only, a header with a line
/// break is refused before anything is sent, and ffmpeg's argument vector holds none of it.
@Suite("Hostile model output in requests and commands")
struct HostileRequestTests {
    static let style = StyleEmbedding(styleId: "s-1", keyword: HostileStoryModel.style.keyword, vector: [0.5], lossCurve: [],
                                      learner: "test")

    @Test("a render request with hostile prompt, keyword and hints: fixed URL and headers, the text only in the body")
    func imageRequests() throws {
        for text in HostileText.admissible + [HostileText.nul, HostileText.terminalEscape] {
            let hints = SceneHints(location: text, characters: [StoryCharacter(name: text, role: .main, appearance: text)],
                                   verb: "stand", expression: text)
            let request = RenderRequest(prompt: "generate an image in \(Self.style.keyword) style: at \(text), \(text)",
                                        hints: hints, style: Self.style, seed: 1, width: 64, height: 32)
            try Self.expectTextOnlyInBody(request)
        }
    }

    @Test("a header value with CR/LF is refused before anything is sent")
    func headerLineBreak() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        // Port 9 (discard) on loopback: were the header sent, the error would be a refused connection instead.
        let request = HTTPRequest(method: .post, url: URL(string: "http://127.0.0.1:9/v1")!,
                                  headers: ["X-Title": HostileText.lineBreak], body: Data("{}".utf8))
        do {
            _ = try await client.send(request)
            Issue.record("a header with CR/LF was sent")
        } catch let error as HTTPClientError {
            guard case .invalidRequest(_, let message) = error else { Issue.record("not refused: \(error)"); return }
            #expect(message.contains("line break"))
        }
    }

    @Test("ffmpeg gets an argument vector of fixed words and two absolute paths inside the movie's folder")
    func ffmpegArguments() throws {
        let layout = OutputLayout(root: "/srv/out")
        let movie = MovieRef(runId: "run-1", movieId: "movie-0001")
        let output = layout.movieDirectory(movie).appendingPathComponent(".video.mp4.host.1.abcd.tmp")
        let arguments = VideoMaker.arguments(movie: movie, layout: layout, output: output, framesPerSecond: 2)
        Self.expectNoModelText(in: arguments, movieDirectory: layout.movieDirectory(movie))
        #expect(arguments.last == output.path)
        #expect(arguments[arguments.firstIndex(of: "-i")! + 1] == "/srv/out/run-1/videos/movie-0001/frames/%04d.png")
    }

    /// Expects both image APIs' requests for `request` to carry its text in the JSON body only: the configured URL,
    /// only our own headers (no CR, LF or NUL in any), and the styled prompt in the body exactly.
    static func expectTextOnlyInBody(_ request: RenderRequest, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let base = URL(string: "http://images.internal:7860/root")!
        for (api, path) in [(HTTPImageModel.API.automatic1111(.init()), "/root/sdapi/v1/txt2img"),
                            (.openAIImages(model: "gpt-image-1"), "/root/images/generations")] {
            let model = HTTPImageModel(configuration: .init(baseURL: base, api: api, apiKey: "test-key"), client: HTTPClient())
            let http = try model.httpRequest(for: request)
            #expect(http.url.absoluteString == "http://images.internal:7860\(path)", sourceLocation: sourceLocation)
            #expect(Set(http.headers.map { $0.name }) == ["Authorization", "Content-Type", "Accept"], sourceLocation: sourceLocation)
            #expect(http.headers["Authorization"] == "Bearer test-key", sourceLocation: sourceLocation)
            for field in http.headers {
                #expect(!field.value.contains { "\r\n\0".contains($0) }, "\(field.name)", sourceLocation: sourceLocation)
            }
            let body = try #require(try JSONSerialization.jsonObject(with: http.body ?? Data()) as? [String: Any],
                                    sourceLocation: sourceLocation)
            #expect(body["prompt"] as? String == model.styledPrompt(for: request), sourceLocation: sourceLocation)
        }
    }

    /// Expects ffmpeg's `arguments` to hold no character a model's text would bring (markup, shell, quotes, line
    /// breaks, `..`), and exactly two absolute paths, both inside `movieDirectory`.
    static func expectNoModelText(in arguments: [String], movieDirectory: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        for argument in arguments {
            #expect(!argument.contains { "<>$`;\"' \r\n\0\\".contains($0) } && !argument.contains(".."), "\(argument)",
                    sourceLocation: sourceLocation)
            #expect(!argument.unicodeScalars.contains { !$0.isASCII }, "\(argument)", sourceLocation: sourceLocation)
        }
        let paths = arguments.filter { $0.hasPrefix("/") }
        #expect(paths.count == 2 && paths.allSatisfy { $0.hasPrefix(movieDirectory.path + "/") }, "\(paths)",
                sourceLocation: sourceLocation)
    }
}
