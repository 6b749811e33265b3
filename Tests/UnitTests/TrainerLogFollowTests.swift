import Foundation
import Synchronization
import Testing
@testable import HTTPModels

@Suite("A trainer command's log, followed")
struct TrainerLogFollowTests {
    /// The log is looked at every 2 s and each look reads only what it gained: an empty log reports nothing, and
    /// each report is the last new line.
    @Test("an empty log reports nothing; each later look reports the last line the log gained")
    func reportsTheLastNewLine() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("df-trainer-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(at: log) }
        try Data().write(to: log)
        let learner = try CommandStyleLearner(options: .init(command: ["/bin/true", "{output}"], steps: 12))
        let reports = Mutex<[String]>([])
        let following = Task { await learner.follow(log) { line in reports.withLock { $0.append(line) } } }
        defer { following.cancel() }
        try await Task.sleep(for: .milliseconds(2_500))
        #expect(reports.withLock { $0 }.isEmpty)
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("step 1 loss 0.9\nstep 2 loss 0.8\n".utf8))
        try await waitFor { reports.withLock { $0 } == ["trainer: step 2 loss 0.8"] }
        try handle.write(contentsOf: Data("step 3 loss 0.7\n".utf8))
        try handle.close()
        try await waitFor { reports.withLock { $0 } == ["trainer: step 2 loss 0.8", "trainer: step 3 loss 0.7"] }
    }

    private func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<80 where !condition() { try await Task.sleep(for: .milliseconds(100)) }
        #expect(condition())
    }
}
