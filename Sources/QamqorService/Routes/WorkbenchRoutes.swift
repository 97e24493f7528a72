import Hummingbird

/// The policy officer's workbench (the `policy` role): the rules' status, drafts edited,
/// checked, tested, measured against a population, approved and published; versions, the
/// schedule and the parameters.
enum WorkbenchRoutes {
    static let table: [Route] = [
        Route(.get, "/v1/rules", .role(.policy), "getRulesStatus") { api, request, _ in
            try api.rulesStatus(in: QamqorAPI.language(request.uri.queryParameters.get("lang").map { String($0) }))
        },
        Route(.get, "/v1/workbench", .role(.policy), "getWorkbench") { api, request, _ in try await api.overview(request) },
        Route(.post, "/v1/drafts", .role(.policy), "createDraft") { api, request, context in
            try await api.createDraft(request, caller: context.identity)
        },
        Route(.get, "/v1/drafts/:id", .role(.policy), "getDraft") { api, request, context in try await api.showDraft(try api.draftID(context), request) },
        Route(.delete, "/v1/drafts/:id", .role(.policy), "deleteDraft") { api, _, context in try await api.deleteDraft(try api.draftID(context)) },
        Route(.get, "/v1/drafts/:id/file", .role(.policy), "getDraftFile") { api, request, context in try await api.draftFile(try api.draftID(context), request) },
        Route(.put, "/v1/drafts/:id/file", .role(.policy), "saveDraftFile") { api, request, context in
            try await api.saveDraftFile(try api.draftID(context), request)
        },
        Route(.delete, "/v1/drafts/:id/file", .role(.policy), "deleteDraftFile") { api, request, context in
            try await api.deleteDraftFile(try api.draftID(context), request)
        },
        Route(.post, "/v1/drafts/:id/parameters/values", .role(.policy), "addParameterValue") { api, request, context in
            try await api.addParameterValue(try api.draftID(context), request)
        },
        Route(.post, "/v1/drafts/:id/check", .role(.policy), "checkDraft") { api, request, context in try await api.checkDraft(try api.draftID(context), request) },
        Route(.post, "/v1/drafts/:id/tests", .role(.policy), "testDraft") { api, request, context in try await api.testDraft(try api.draftID(context), request) },
        Route(.post, "/v1/drafts/:id/tests/accept", .role(.policy), "acceptTestResults") { api, request, context in
            try await api.acceptTestResults(try api.draftID(context), request)
        },
        Route(.post, "/v1/drafts/:id/tests/keep", .role(.policy), "keepAsTest") { api, request, context in
            try await api.keepAsTest(try api.draftID(context), request)
        },
        Route(.post, "/v1/drafts/:id/impact", .role(.policy), "impactOfDraft") { api, request, context in
            try await api.impactOfDraft(try api.draftID(context), request)
        },
        Route(.post, "/v1/drafts/:id/impact-jobs", .role(.policy), "startImpactJob") { api, request, context in
            try await api.startImpactJob(try api.draftID(context), request, caller: context.identity)
        },
        Route(.get, "/v1/drafts/:id/programs", .role(.policy), "listDraftPrograms") { api, request, context in
            try await api.draftPrograms(try api.draftID(context), request)
        },
        Route(.post, "/v1/drafts/:id/programs/:program/conditions/:condition", .role(.policy), "editCondition") { api, request, context in
            try await api.editCondition(try api.draftID(context), program: context.parameters.get("program") ?? "",
                                        condition: context.parameters.get("condition") ?? "", request)
        },
        Route(.get, "/v1/drafts/:id/diff", .role(.policy), "diffDraft") { api, _, context in try await api.diffDraft(try api.draftID(context)) },
        Route(.post, "/v1/drafts/:id/rebase", .role(.policy), "rebaseDraft") { api, request, context in try await api.rebaseDraft(try api.draftID(context), request) },
        Route(.post, "/v1/drafts/:id/approve", .role(.policy), "approveDraft") { api, request, context in
            try await api.approveDraft(try api.draftID(context), request, caller: context.identity)
        },
        Route(.post, "/v1/drafts/:id/publish", .role(.policy), "publishDraft") { api, request, context in
            try await api.publishDraft(try api.draftID(context), request, caller: context.identity)
        },
        Route(.get, "/v1/impact-jobs", .role(.policy), "listImpactJobs") { api, request, _ in try api.listImpactJobs(request) },
        Route(.get, "/v1/impact-jobs/:job", .role(.policy), "getImpactJob") { api, request, context in try api.showImpactJob(try api.jobID(context), request) },
        Route(.delete, "/v1/impact-jobs/:job", .role(.policy), "cancelImpactJob") { api, request, context in
            try api.cancelImpactJob(try api.jobID(context), request)
        },
        Route(.get, "/v1/rules/versions", .role(.policy), "listRuleVersions") { api, _, _ in try await api.versionList() },
        Route(.delete, "/v1/rules/scheduled", .role(.policy), "cancelSchedule") { api, _, _ in try await api.cancelSchedule() },
        Route(.get, "/v1/rules/versions/:version/diff", .role(.policy), "diffVersions") { api, request, context in
            try await api.diffVersions(context.parameters.get("version") ?? "", request)
        },
        Route(.post, "/v1/rules/versions/:version/republish", .role(.policy), "republishVersion") { api, request, context in
            try await api.republish(context.parameters.get("version") ?? "", request, caller: context.identity)
        },
        Route(.get, "/v1/parameters", .role(.policy), "listParameters") { api, request, _ in try api.parameters(request) },
        Route(.get, "/v1/parameters/:name/decisions", .role(.policy), "listParameterDecisions") { api, request, context in
            try await api.decisionsReached(context.parameters.get("name") ?? "", request)
        },
    ]
}
