import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("The dreamframe command line")
struct CLICommandTests {
    @Test("bad input names the flag and what was expected, with a usage exit code")
    func badFlags() async throws {
        let cases: [([String], String)] = [
            (["submit", "--branching", "1,2"], "--branching"),
            (["submit", "--size", "12x9999"], "--size"),
            (["submit", "--broker-url", "http://nope"], "--broker-url"),
            (["status", "--redis-url", "redis://host/notadb"], "--redis-url"),
            (["replay", "list", "--stage", "painter"], "--stage"),
            (["validate", "/no/such/story.json"], "does not exist"),
        ]
        for (arguments, expected) in cases {
            let result = try await CLI.run(arguments)
            #expect(result.status == 64, "\(arguments) exit \(result.status): \(result.output)")
            #expect(result.output.contains(expected), "\(arguments): \(result.output)")
            #expect(!result.output.contains("Fatal error"))
        }
    }

    @Test("story is deterministic by seed and carries the authors' keys and ours")
    func storyDeterminism() async throws {
        let a = try await CLI.run(["story", "--seed", "42", "--branching", "2,2,3"])
        let b = try await CLI.run(["story", "--seed", "42", "--branching", "2,2,3"])
        let c = try await CLI.run(["story", "--seed", "43", "--branching", "2,2,3"])
        #expect(a.status == 0 && a.output == b.output)
        #expect(a.output != c.output)
        let story = try JSONSerialization.jsonObject(with: Data(a.output.utf8)) as! [String: Any]
        for key in ["character", "img_diag", "QA", "overview", "title", "genre", "style", "locations", "substories"] {
            #expect(story[key] != nil, "story has \(key)")
        }
        let qa = story["QA"] as! [[String: String]]
        #expect(qa.allSatisfy { $0["type"] != nil })
        #expect((story["img_diag"] as! [[String]]).filter { $0[0] == "frame" }.count == 12)
    }

    @Test("validate --json on the authors' sample keeps most QA and explains each verdict")
    func validateSample() async throws {
        let sample = TestEnvironment.sampleDirectory.appendingPathComponent("story_info_0.json").path
        let result = try await CLI.run(["validate", sample, "--json"])
        #expect(result.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
        let qa = report["qa"] as! [[String: Any]]
        #expect(qa.count == 144)
        for entry in qa {
            for key in ["index", "question", "answer", "type", "verdict", "reasons", "support"] { #expect(entry[key] != nil) }
        }
        let summary = report["summary"] as! [String: Any]
        #expect((summary["kept"] as! Int) >= 130)
    }

    @Test("validate prints a hostile story's rejected questions as one escaped line each, never a control sequence")
    func validateHostile() async throws {
        let root = try TestPaths.temporaryDirectory("df-validate-hostile")
        defer { try? FileManager.default.removeItem(at: root) }
        let layout = OutputLayout(root: root.path)
        var story = try StoryDocument.load(layout.story(try await HostileMovie.export(layout: layout)))
        story.qa.append(.init(question: "Why \(HostileText.terminalEscape)\(HostileText.lineBreak)?", answer: "x", type: .why))
        let file = root.appendingPathComponent("hostile.json")
        try AtomicFile.writeJSON(story, to: file)
        let result = try await CLI.run(["validate", file.path])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.filter { $0.hasPrefix("reject #") }.count == lines.count - 1, "one line per reject: \(result.output)")
        #expect(!result.output.unicodeScalars.contains { SafeText.isUnsafe($0) && $0 != "\n" })
        #expect(result.output.contains(#"Why \u{1b}[2Jok\u{d}\u{a}X-Injected: 1"#))
    }
}
