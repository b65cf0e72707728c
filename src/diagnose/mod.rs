//! Diagnosis: the live state behind the provisioning logs, the fleet's recent failures and
//! outcome charts. Each module holds one feature's signals and
//! loading (through the Graph client); its components (`crate::components`) only lay it out.

pub mod logs;
pub mod outcomes;
