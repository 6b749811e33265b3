import ServiceLifecycle

extension ConnectionThread {
    /// A client's `Service.run()`: runs `body` on the owning thread until a graceful shutdown or the task's
    /// cancellation asks it to stop, then returns once the thread has finished its work and exited.
    func runAsService(_ body: @escaping @Sendable () -> Void) async {
        await withTaskCancellationOrGracefulShutdownHandler {
            await self.run(body)
        } onCancelOrGracefulShutdown: {
            self.requestStop()
        }
    }
}
