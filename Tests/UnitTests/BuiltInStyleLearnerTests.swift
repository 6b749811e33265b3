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

@Suite("Built-in style learner")
struct BuiltInStyleLearnerTests {
    static let fast = BuiltInStyleLearner.Options(steps: 120, renderWidth: 64, renderHeight: 36)

    @Test func learnsTowardKnownStyleFromPNGReferences() throws {
        var known = [Float](repeating: 0, count: 32)
        known[1] = -2; known[2] = 1.2; known[3] = -0.6; known[10] = 2.4; known[13] = 1.5; known[14] = 1.5; known[4] = 1
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("style-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = BuiltInImageModel()
        var paths: [String] = []
        for (i, place) in ["LocalTavern", "TownSquare", "CityWalls", "DarkForest"].enumerated() {
            let scene = FrameScene(location: place, appearances: ["a short stout man in a red coat"], pose: .stand, expression: .calm)
            let img = model.renderScene(scene, vector: known, seed: UInt64(i), width: 128, height: 72)
            let path = dir.appendingPathComponent("\(place)0.png").path
            try PNGEncoder().encode(img).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let learner = BuiltInStyleLearner(options: Self.fast)
        let style = StyleSpec(keyword: "Inked", tone: "stark", description: "black ink hatching")
        let result = try learner.learn(StyleRequest(style: style, referenceImages: paths, seed: 7))
        let r = result.report
        #expect(r.lossFinal < r.lossInitial * 0.5, "loss \(r.lossInitial) -> \(r.lossFinal)")
        #expect(r.distanceTrained < r.distanceUntrained, "distance \(r.distanceUntrained) -> \(r.distanceTrained)")
        #expect(result.embedding.vector.count == 32)
        #expect(result.embedding.lossCurve.count == Self.fast.steps + 1)
        #expect(Double(result.embedding.lossCurve.first!) == Double(Float(r.lossInitial)))
        #expect(Double(result.embedding.lossCurve.last!) == Double(Float(r.lossFinal)))
        #expect(result.embedding.learner == "builtin-style-v3:120", "non-default steps learn another style, so the learner id names them")
    }

    @Test func learnsFromDescriptionDeterministically() async throws {
        let learner = BuiltInStyleLearner(options: BuiltInStyleLearner.Options(steps: 40, renderWidth: 64, renderHeight: 36))
        let style = StyleSpec(keyword: "Dramatic", tone: "tense, dark", description: "moody high-contrast shadows, warm firelight, grainy film")
        let req = StyleRequest(style: style, referenceImages: [], seed: 1)
        let a = try await learner.learnStyle(req)
        let b = try await learner.learnStyle(req)
        #expect(a == b)
        let curve = a.lossCurve
        #expect(curve.last! < curve.first!)
    }

    /// Learning runs off Swift's cooperative pool: with as many learns in flight as the pool has threads, other
    /// tasks (the runtime renewing a message claim, a lease) still run while they learn.
    @Test func learningLeavesTheCooperativePoolFree() async throws {
        let learner = BuiltInStyleLearner(options: BuiltInStyleLearner.Options(steps: 60, renderWidth: 64, renderHeight: 36))
        let style = StyleSpec(keyword: "Dramatic", tone: "tense, dark", description: "moody high-contrast shadows")
        let ticks = Counter()
        let firstDone = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for seed in 0..<ProcessInfo.processInfo.activeProcessorCount + 1 {
                group.addTask {
                    _ = try await learner.learnStyle(StyleRequest(style: style, referenceImages: [], seed: UInt64(seed)))
                    firstDone.setOnce(ticks.value)
                }
            }
            group.addTask {
                while firstDone.value < 0 {
                    ticks.increment()
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try await group.waitForAll()
        }
        #expect(firstDone.value >= 3, "a task on the pool ran \(firstDone.value) times before the first learn ended")
    }

    /// The authors' real references (twelve 768x768 JPEGs): the project's acceptance bar is that the learned style
    /// halves the held-out distance to them.
    @Test func learnsFromSampleJPEGReferences() throws {
        let dir = TestPaths.sampleDirectory.appendingPathComponent("style").path
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jpg") }.sorted()
        try #require(files.count == 12, "the authors' 12 sample JPEGs are found at \(dir)")
        let learner = BuiltInStyleLearner()
        let style = StyleSpec(keyword: "Sample", tone: "", description: "")
        let start = Date()
        let result = try learner.learn(StyleRequest(style: style, referenceImages: files.map { "\(dir)/\($0)" }, seed: 1))
        let r = result.report
        print("sample style: loss \(r.lossInitial) -> \(r.lossFinal), distance \(r.distanceUntrained) -> \(r.distanceTrained), "
            + "\(r.referenceCount) references, \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        #expect(r.referenceCount == files.count && !r.referencesSynthesized)
        #expect(r.lossFinal < r.lossInitial * 0.5, "loss \(r.lossInitial) -> \(r.lossFinal)")
        #expect(r.distanceTrained <= 0.5 * r.distanceUntrained, "distance \(r.distanceUntrained) -> \(r.distanceTrained)")
    }

    @Test func unreadableReferenceFailsClearly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("style-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("Cathedral0.jpg").path
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46]).write(to: URL(fileURLWithPath: path))
        let learner = BuiltInStyleLearner(options: Self.fast)
        #expect(throws: ImageError.self) {
            _ = try learner.learn(StyleRequest(style: StyleSpec(keyword: "D", tone: "", description: ""), referenceImages: [path], seed: 1))
        }
    }

    @Test func descriptionWordsMoveTheTarget() {
        let dark = StyleDescriptionTargets.vector(for: StyleSpec(keyword: "Noir", tone: "dark", description: "gloomy ink sketch"))
        let bright = StyleDescriptionTargets.vector(for: StyleSpec(keyword: "Sunny", tone: "bright", description: "vivid pastel"))
        #expect(dark[3] < 0 && bright[3] > 0)
        #expect(dark[10] > 1)
    }
}

extension BuiltInStyleLearnerTests {
}

/// A counter shared between tasks.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = -1

    var value: Int { lock.withLock { stored } }
    func increment() { lock.withLock { stored = max(stored, 0) + 1 } }
    /// Sets the value the first time only.
    func setOnce(_ value: Int) { lock.withLock { if stored < 0 { stored = max(value, 0) } } }
}
