import { useConsoleStore } from '../store/store.js';

/** Keeps the selected car in view as it moves (the map does the following; `f` does the same). */
export function FollowButton() {
  const isFollowing = useConsoleStore((state) => state.isFollowing);
  const setFollowing = useConsoleStore((state) => state.setFollowing);
  return (
    <button
      type="button"
      className={`follow-button${isFollowing ? ' is-on' : ''}`}
      aria-pressed={isFollowing}
      data-testid="follow-toggle"
      title={isFollowing ? 'Stop following this car (f)' : 'Keep this car in view as it moves (f)'}
      onClick={() => setFollowing(!isFollowing)}
    >
      <span className="follow-icon" aria-hidden="true" />
      {isFollowing ? 'Following' : 'Follow'}
    </button>
  );
}
