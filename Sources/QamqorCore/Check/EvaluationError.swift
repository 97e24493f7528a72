import QamqorSupport

/// A failure while evaluating a rule: division by zero, overflow, an empty list where a value was
/// needed. Carries the rule's position; never a crash.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public let code: DiagnosticCode
    /// What went wrong, in the three languages.
    public let said: Localized
    public let site: TypedExpr.Site

    package init(code: DiagnosticCode, said: Localized, site: TypedExpr.Site) { self.code = code; self.said = said; self.site = site }

    /// The English text.
    public var message: String { said.en }

    public var description: String { diagnostic.description }

    /// As a diagnostic, for uniform printing.
    public var diagnostic: Diagnostic {
        Diagnostic(code: code, translated: said, file: site.file, location: site.location, sourceLine: site.sourceLine)
    }
}

extension EvaluationError {
    /// "`…` moves a date too far": a step of more days or months than a date can take.
    package static func dateTooFar(_ t: TypedExpr) -> EvaluationError {
        EvaluationError(code: .overflow, said: Localized("compile.moves-date-too-far", ["x": t.site.text]), site: t.site)
    }
}
