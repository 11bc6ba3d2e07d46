import { createContext, useContext } from "react";
import { useLocation } from "@remix-run/react";

/**
 * The id of the request that rendered this document, and the page it was for (decision 029):
 * the server provides it (entry.server.tsx, from the load context); the browser reads it back
 * from the error page it hydrates (entry.client.tsx), so both render the same markup.
 */
export interface DocumentRequest {
  requestId: string;
  /** Path and query of the document's request. */
  url: string;
}
export const DocumentRequestContext = createContext<DocumentRequest | undefined>(undefined);

/** Where the error page writes the id, for the browser to read back. */
export const REQUEST_ID_ATTRIBUTE = "data-request-id";

/**
 * The request id to show on an error page: the document's, while the page shown is still the
 * one the document was requested for (after a navigation in the browser the error came from
 * another request, whose id the page does not know).
 */
export function useDocumentRequestId(): string | undefined {
  const document = useContext(DocumentRequestContext);
  const location = useLocation();
  return document && document.url === `${location.pathname}${location.search}` ? document.requestId : undefined;
}
