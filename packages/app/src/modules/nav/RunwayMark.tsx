/** Runway's mark: a runway in perspective with its centre-line, used at every logo size. */
export const RunwayMark = ({ size }: { size: number }) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 32 32"
    role="img"
    aria-label="Runway"
    style={{ flexShrink: 0 }}
    xmlns="http://www.w3.org/2000/svg"
  >
    <path d="M12 3h8l9 26H3z" fill="#7df3e1" />
    <path
      d="M16 6v3M16 12v4M16 19v4M16 26v2"
      stroke="#151e3f"
      strokeWidth="2"
      strokeLinecap="round"
    />
  </svg>
);
