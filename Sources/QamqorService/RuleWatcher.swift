import ServiceLifecycle

/// Hot reload and scheduled publications as a service of the application: polls the rules
/// directory until the application shuts down gracefully.
struct RuleWatcher: Service {
    let api: QamqorAPI
    let report: @Sendable (RuleSetStore.ReloadOutcome, RuleSetStore.Snapshot) -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await api.watchRules(report: report)
        }
    }
}
