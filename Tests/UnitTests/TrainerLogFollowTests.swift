import Foundation
import Testing
@testable import HTTPModels

@Suite("A trainer command's log, followed")
struct TrainerLogFollowTests {
    /// Each look reads only what the log gained since the last: an empty log reports nothing, and each report is
    /// the last new line.
    @Test("an empty log reports nothing; each later look reports the last line the log gained")
    func reportsTheLastNewLine() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("df-trainer-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(at: log) }
        try Data().write(to: log)
        var look = CommandStyleLearner.lastNewLine(of: log, from: 0)
        #expect(look.line == nil && look.offset == 0)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("step 1 loss 0.9\nstep 2 loss 0.8\n".utf8))
        look = CommandStyleLearner.lastNewLine(of: log, from: look.offset)
        #expect(look.line == "step 2 loss 0.8")
        let unchanged = CommandStyleLearner.lastNewLine(of: log, from: look.offset)
        #expect(unchanged.line == nil && unchanged.offset == look.offset)
        try handle.write(contentsOf: Data("step 3 loss 0.7\n".utf8))
        look = CommandStyleLearner.lastNewLine(of: log, from: look.offset)
        #expect(look.line == "step 3 loss 0.7")
    }
}
