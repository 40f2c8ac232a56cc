'use client';
// Where a user pastes the write token of an exposed dashboard (printed by the server at start).
import { useEffect, useState } from 'react';
import { readToken, saveToken } from '../lib/write-token';

export function TokenField() {
  const [token, setToken] = useState('');
  useEffect(() => setToken(readToken()), []);
  return (
    <label className="token-field">
      <span>Write token</span>
      <input
        type="password"
        autoComplete="off"
        value={token}
        placeholder="printed by the server at start (LRFINDER_TOKEN)"
        data-testid="token"
        onChange={(e) => {
          setToken(e.target.value.trim());
          saveToken(e.target.value.trim());
        }}
      />
    </label>
  );
}
