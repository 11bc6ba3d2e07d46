/** Web addresses in plain text (what the portal's own e-mails contain): http(s) up to a space. */
const ADDRESS = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]])/u;

/** Plain text with its web addresses as links (the development outbox shows e-mails this way). */
export function LinkedText({ text }: { text: string }) {
  // split with a capturing group keeps the addresses at the odd positions.
  const parts = text.split(ADDRESS);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
