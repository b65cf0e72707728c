//! The enums of provisioning logs (`provisioningObjectSummary`) and of
//! provision-on-demand results.

use super::macros::graph_enum;

graph_enum! {
    /// `provisioningAction`: what a provisioning log entry did
    /// (`provisioningAction`; beta's legacy `action` is the same list,
    /// capitalised).
    pub enum ProvisioningAction {
        /// Anything else (e.g. no change was needed).
        Other = ("other", 0),
        /// An object was created in the target.
        Create = ("create", 1),
        /// An object was deleted from the target.
        Delete = ("delete", 2),
        /// An object was disabled in the target.
        Disable = ("disable", 3),
        /// An object was updated in the target.
        Update = ("update", 4),
        /// A deletion was staged (held back, e.g. by accidental-deletion
        /// prevention).
        StagedDelete = ("stagedDelete", 5),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 6),
    }
}

graph_enum! {
    /// `provisioningResult`: the outcome of a provisioning log entry or of one
    /// of its steps.
    pub enum ProvisioningResult {
        /// It worked.
        Success = ("success", 0),
        /// It failed.
        Failure = ("failure", 1),
        /// Nothing was done (e.g. out of scope, or already in the target state).
        Skipped = ("skipped", 2),
        /// It worked with a warning.
        Warning = ("warning", 3),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 4),
    }
}

graph_enum! {
    /// `provisioningStatusErrorCategory`: whose side an error is on.
    pub enum ProvisioningStatusErrorCategory {
        /// A failure of the provisioning service.
        Failure = ("failure", 0),
        /// A failure outside the service (e.g. the target app refused the
        /// change); usually the admin can fix it.
        NonServiceFailure = ("nonServiceFailure", 1),
        /// No error.
        Success = ("success", 2),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 3),
    }
}

graph_enum! {
    /// `provisioningStepType`: the phase of one provisioning step. The docs
    /// write it both `Import` and `import`.
    pub enum ProvisioningStepType {
        /// Reading the object from the source.
        Import = ("import", 0),
        /// Deciding whether the object is in scope.
        Scoping = ("scoping", 1),
        /// Looking for the matching object in the target.
        Matching = ("matching", 2),
        /// Computing the change.
        Processing = ("processing", 3),
        /// Resolving references (e.g. a manager).
        ReferenceResolution = ("referenceResolution", 4),
        /// Writing the change to the target.
        Export = ("export", 5),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 6),
    }
}

graph_enum! {
    /// `initiatorType`: who started a provisioning log entry's change.
    pub enum InitiatorType {
        /// A user (e.g. provision on demand).
        User = ("user", 0),
        /// An application.
        Application = ("application", 1),
        /// The provisioning service itself (a scheduled cycle).
        System = ("system", 2),
        /// Graph's evolvable-enum sentinel.
        UnknownFutureValue = ("unknownFutureValue", 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip() {
        for v in ProvisioningAction::KNOWN {
            assert_eq!(&ProvisioningAction::from_graph_name(v.graph_name()), v);
        }
        for v in ProvisioningStepType::KNOWN {
            assert_eq!(&ProvisioningStepType::from_graph_name(v.graph_name()), v);
        }
    }
}
