import Clients
import DreamFrameCore
import Foundation
@testable import HTTPModels
import Models
import Testing

/// Time limits and server errors of the external learners: a training that outlasts its limit fails as transient
/// with a reason that says where it stood, a trainer command past its limit is killed with every process it started,
/// and a 500 from A1111's create or train endpoint is transient.
extension ExternalStyleLearnerTests {
    /// The error `body` throws, as a model error (nil when it succeeds or throws something else).
    static func modelError(_ body: () async throws -> StyleEmbedding) async -> ModelError? {
        do { _ = try await body(); return nil } catch { return error as? ModelError }
    }

    @Test("A1111: a training whose progress stalls past the time limit is transient, naming the limit and the step it stands at")
    func a1111TrainingStalls() async throws {
        try await DiffusionStub.with(.a1111) { stub in
            let folder = try Self.references()
            try await stub.faults(["train_stall": 60])
            let learner = A1111StyleLearner(baseURL: stub.baseURL,
                                            options: .init(steps: 40, embeddingsDirectory: stub.embeddings,
                                                           timeout: .seconds(3), pollInterval: .milliseconds(100)),
                                            client: HTTPClient())
            let error = await Self.modelError { try await learner.learnStyle(try Self.request(folder)) }
            let why = "\(String(describing: error))"
            #expect(error?.failureKind == .transient, "\(why)")
            #expect(why.contains("did not finish within its time limit of 3.0 seconds"), "\(why)")
            #expect(why.contains("stands at step 20 of 40"), "\(why)")
            #expect(try await stub.count("train-stalled:df-noir-1f2e") == 1)
        }
    }

    @Test("A1111: a 500 from create/embedding or train/embedding is transient; the next attempt trains")
    func a1111ServerErrors() async throws {
        try await DiffusionStub.with(.a1111) { stub in
            let folder = try Self.references()
            let learner = Self.a1111(stub)
            for path in ["/sdapi/v1/create/embedding", "/sdapi/v1/train/embedding"] {
                try await stub.faults(["error500": [path: 1]])
                let error = await Self.modelError { try await learner.learnStyle(try Self.request(folder)) }
                #expect(error?.failureKind == .transient && "\(error!)".contains("HTTP 500") && "\(error!)".contains(path),
                        "\(String(describing: error))")
                #expect(try await stub.count("error500:" + path) == 1)
            }
            #expect(try await stub.count("train-started:df-noir-1f2e") == 0)
            let learned = try await learner.learnStyle(try Self.request(folder))
            #expect(learned.artifact?.steps == 20)
            #expect(try await stub.count("train-completed:df-noir-1f2e") == 1)
        }
    }

    @Test("command: a trainer past its time limit is transient and killed with the processes it started")
    func commandTrainerTimesOut() async throws {
        let folder = try Self.references()
        let events = folder.deletingLastPathComponent().appendingPathComponent("events.log")
        // A wrapper shell that runs the trainer as its child (not exec'd), as a launch script does.
        let command = ["/bin/sh", "-c", "\"$@\"; echo the trainer ended", "sh", "/usr/bin/python3",
                       ModelStubServer.fixture("fake_ti_trainer.py"), "--images", "{images}", "--token", "{token}",
                       "--steps", "{steps}", "--output", "{output}", "--step-seconds", "5", "--events", events.path]
        let learner = try CommandStyleLearner(options: .init(command: command, steps: 12, timeout: .seconds(3)))
        let error = await Self.modelError { try await learner.learnStyle(try Self.request(folder)) }
        let why = "\(String(describing: error))"
        #expect(error?.failureKind == .transient, "\(why)")
        #expect(why.contains("ran longer than its limit of 3.0 seconds"), "\(why)")
        let started = (try? String(contentsOf: events, encoding: .utf8)) ?? ""
        let trainer = try #require(started.split(separator: "\n").first.flatMap { $0.split(separator: " ").last }
            .flatMap { pid_t(String($0)) }, "the trainer started: \(started)")
        try await Self.waitFor("the trainer \(trainer) to be gone") { !Self.isRunning(trainer) }
    }

    /// True while `pid` runs (a zombie nobody reaped yet has ended).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }
}
