/** The audit trail in MongoDB: who called what, on what, and how it ended. */
package io.mercury.common.store.audit;
