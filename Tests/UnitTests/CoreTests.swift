import DreamFrameCore
import Foundation
import Pipeline
import Testing

@Suite("Core: stable hashing, redaction, error classes")
struct CoreTests {
    @Test("sub-seeds are pinned: datasets made before stay reproducible")
    func pinnedSeeds() {
        // Values of the pipeline's seed derivation as it shipped; changing them changes every generated movie.
        #expect(StableHash.subSeed(1, "movie", 0) == 0x08AE_BE04_00F1_CFED)
        #expect(StableHash.subSeed(42, "substory", 3) == 0x4425_5972_16C9_4362)
        #expect(StableHash.subSeed(7, "tinystory", -1) == 0xE7FC_11F8_98EA_DAE4)
        #expect(StableHash.fnv1a("") == StableHash.fnvBasis)
        #expect(StableHash.hex(0xAB) == "00000000000000ab")
    }

    @Test("URLs lose passwords, tokens and query values; free text loses userinfo")
    func redaction() {
        #expect(Redaction.url("https://u:p@h.example/a?key=v&x=1#frag") == "https://***@h.example/a?key=***&x=***")
        #expect(Redaction.url("http://h/a") == "http://h/a")
        #expect(Redaction.url("amqp://guest:secret@127.0.0.1:5673/%2F").contains("secret") == false)
        #expect(Redaction.scrub("see http://bob:pw@host/x and TOKEN1", secrets: ["TOKEN1"]) == "see http://***@host/x and ***")
    }

    @Test("errors classify themselves; unknown errors are transient")
    func classification() {
        struct Unknown: Error {}
        #expect(ErrorClassification.kind(of: ConfigurationError.missing("x", hint: "y")) == .permanent)
        #expect(ErrorClassification.kind(of: StageError.transient("later")) == .transient)
        #expect(ErrorClassification.kind(of: MessageDecodingError(description: "bad")) == .permanent)
        #expect(ErrorClassification.className(of: MessageDecodingError(description: "bad")) == "undecodable")
        #expect(ErrorClassification.kind(of: Unknown()) == .transient)
    }
}
