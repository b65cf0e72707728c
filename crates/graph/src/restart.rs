//! Restart: the reset scope flag set (`synchronizationJobRestartScope`) and the restart criteria.
//! (First sketch: the agreed names; the full catalogue is being written.)

/// The set of reset-scope flags sent with a restart; empty means the portal's Restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RestartScope(pub u32);

/// The body of `POST …/restart`: `{ "criteria": { "resetScope": "<wire form>" } }` is built from
/// this `criteria` object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestartCriteria {
    /// The reset scope.
    pub reset_scope: RestartScope,
}
