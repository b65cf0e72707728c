// The redirect bridge page's only script (a file, so the Content-Security-Policy needs no hash):
// hand the sign-in response to the window that opened the popup or the hidden iframe.
globalThis.msalRedirectBridge.broadcastResponseToMainFrame();
