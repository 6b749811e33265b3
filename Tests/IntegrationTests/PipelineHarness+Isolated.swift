import Foundation

extension PipelineHarness {
    /// Runs `body` with a harness on a RabbitMQ node and a Redis of its own (started and wiped by the project's
    /// scripts, see ``IsolatedServices``), so a test can fill, purge and break them without touching the shared
    /// services other suites use. When `body` fails, the output folder is kept for a look.
    static func onIsolatedServices(_ body: (PipelineHarness, IsolatedServices) async throws -> Void) async throws {
        let services = try IsolatedServices()
        try await services.up()
        let harness = try await PipelineHarness(brokerURLs: "amqp://guest:guest@127.0.0.1:\(services.amqpPort)/%2F",
                                                redisURL: services.redisURLText)
        do {
            try await body(harness, services)
        } catch {
            await harness.shutdown(removeOutput: false)
            try? await services.down(["--wipe"])
            throw error
        }
        await harness.shutdown()
        try await services.down(["--wipe"])
    }
}
