import Foundation
import FuzzTargets
import HTTPModels
import Imaging
import Pipeline
import Testing
import TestSupport

/// Replays the fuzzing corpus (`Tests/Fuzz/corpus/<target>/`, seeds and whatever `make fuzz` kept) and the crash
/// regressions (`Tests/Fuzz/regressions/<target>/`) through the same targets libFuzzer runs: none may crash.
@Suite("Fuzz corpus replay")
struct FuzzCorpusTests {
    static func files(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let directory = TestPaths.repositoryRoot.appendingPathComponent("Tests/Fuzz/\(folder)/\(target.rawValue)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test("every corpus and regression input runs without crashing", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        let seeds = Self.files("corpus", target)
        #expect(!seeds.isEmpty, "\(target.rawValue) has a seed corpus")
        for file in seeds + Self.files("regressions", target) {
            target.run(try Data(contentsOf: file))
        }
    }

    /// The seeds are valid inputs, so fuzzing starts deep inside each decoder rather than at its first check.
    @Test("the seeds decode")
    func seedsAreValid() throws {
        for file in Self.files("corpus", .envelope) {
            #expect(throws: Never.self, "\(file.lastPathComponent)") { try Envelope.decode(Data(contentsOf: file)) }
        }
        for file in Self.files("corpus", .png) + Self.files("corpus", .jpeg) {
            #expect(throws: Never.self, "\(file.lastPathComponent)") { try ImageDecoder.decode(Data(contentsOf: file)) }
        }
        for file in Self.files("corpus", .story) {
            #expect(throws: Never.self) { try StoryDocument.decode(Data(contentsOf: file), source: file.path) }
        }
    }

    /// The door's seeds are messages for its scene (``DoorScene``): `valid-*` of every kind pass the door, so fuzzing
    /// starts from messages that reach every check; `bad-*` decode and are refused by the door itself.
    @Test("the door seeds: every kind passes, the bad ones are refused at the door")
    func doorSeeds() throws {
        let files = Self.files("corpus", .door)
        let valid = files.filter { $0.lastPathComponent.hasPrefix("valid-") }
        let bad = files.filter { $0.lastPathComponent.hasPrefix("bad-") }
        #expect(valid.count + bad.count == files.count, "every door seed is named valid-* or bad-*")
        var kinds: Set<MessageKind> = []
        for file in valid {
            let envelope = try Envelope.decode(Data(contentsOf: file))
            kinds.insert(envelope.kind)
            let violation = DoorScene().check(envelope)
            #expect(violation == nil, "\(file.lastPathComponent): \(String(describing: violation))")
        }
        #expect(kinds == Set(MessageKind.allCases), "a valid seed of every kind")
        for file in bad {
            let envelope = try Envelope.decode(Data(contentsOf: file))
            #expect(DoorScene().check(envelope) != nil, "\(file.lastPathComponent) passed the door")
        }
    }
}
